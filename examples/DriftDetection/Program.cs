Console.WriteLine("DriftDetection demo: under construction");
