using BenchmarkDotNet.Running;

if (args is ["call-alloc"])
{
    return Poet.Benchmarks.InterceptionAllocationRunner.Run();
}

if (args is ["paced", .. var paced])
{
    return await Poet.Benchmarks.PacedLoadRunner.RunAsync(paced);
}

if (args is ["sustained", .. var sustained])
{
    return await Poet.Benchmarks.SustainedRunner.RunAsync(sustained);
}

if (args is ["writer-cpu", .. var writerCpu])
{
    return await Poet.Benchmarks.WriterCpuRunner.RunAsync(writerCpu);
}

if (args is ["crash-loss", .. var crash])
{
    return await Poet.Benchmarks.CrashLossRunner.RunAsync(crash);
}

if (args is ["crash-child", var folder, var rate])
{
    return Poet.Benchmarks.CrashLossRunner.Child(folder, double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["feedback-file", .. var feedbackFile])
{
    return await Poet.Benchmarks.FeedbackFileRunner.RunAsync(feedbackFile);
}

if (args is ["remote-ingest", .. var rest])
{
    return await Poet.Benchmarks.RemoteIngestRunner.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
