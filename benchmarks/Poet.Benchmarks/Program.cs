using BenchmarkDotNet.Running;

if (args is ["remote-ingest", .. var rest])
{
    return await Poet.Benchmarks.RemoteIngestRunner.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
