using System.Diagnostics;
using System.Globalization;
using Autofac;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// Calls as fast as one thread can through a real POET proxy (issue #11's shape, <c>[Poet(Retries = 2)]</c>) with the
/// file store, for a few seconds, and reports the sustained cost per call with what it spent: the caller's and the
/// recorder writer's CPU time and context switches (Linux <c>/proc/self/task</c>), records written and dropped.
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- sustained [block|drop] [seconds=5] [retries|timeout|cooperative] [recorderCapacity=65536]</c>
/// (<c>timeout</c>: <c>[Poet(Retries = 2, TimeoutMs = 1000)]</c>, whose sync attempts run on another thread;
/// <c>cooperative</c>: the same with <c>CooperativeTimeout = true</c>, attempts on the caller's thread).
/// </summary>
public static class SustainedRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var block = args.Length == 0 || !string.Equals(args[0], "drop", StringComparison.OrdinalIgnoreCase);
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var capacity = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : new PoetOptions().RecorderCapacity;
        var shape = args.Length > 2 ? args[2].ToLowerInvariant() : "retries";
        var folder = Path.Combine(Path.GetTempPath(), "poet-sustained", Guid.NewGuid().ToString("N"));
        try
        {
            var builder = new ContainerBuilder();
            builder.AddPoet(o =>
            {
                o.StorePath = folder;
                o.RecorderCapacity = capacity;
                o.RecordingOverflow = block ? RecordingOverflowMode.Block : RecordingOverflowMode.Drop;
            });
            builder.RegisterType<BenchDetector>().As<IBenchDetector>().SingleInstance().EnablePoet();
            var container = builder.Build();
            var service = container.Resolve<IBenchDetector>();
            Func<double[], double> call = shape switch
            {
                "timeout" => c => service.ScoreResilient(c),
                "cooperative" => c => service.ScoreCooperative(c, CancellationToken.None),
                _ => c => service.ScoreRetries(c),
            };
            var current = Enumerable.Range(0, 16).Select(i => i + 0.5).ToArray();
            // Warm-up (JIT tiers and PGO): rounds of 100,000 calls until one compiles fewer than QuietJitMethods methods.
            var warmUpCalls = 0;
            for (var round = 0; round < 10; round++)
            {
                var compiled = RuntimeWork.CompiledMethods;
                for (var i = 0; i < 100_000; i++)
                {
                    call(current);
                }

                warmUpCalls += 100_000;
                if (RuntimeWork.CompiledMethods - compiled < RuntimeWork.QuietJitMethods)
                {
                    break;
                }
            }

            await container.Resolve<IExecutionStore>().FlushAsync();
            var caller = ThreadStats.Current();
            var writer = ThreadStats.Named("POET recorder");
            var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var pause = GC.GetTotalPauseDuration();
            var work = RuntimeWork.Now();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var start = Stopwatch.GetTimestamp();
            long calls = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                for (var i = 0; i < 256; i++)
                {
                    call(current);
                }

                calls += 256;
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            var callerAfter = ThreadStats.Current();
            var workText = RuntimeWork.Since(work);
            var gcText = string.Create(CultureInfo.InvariantCulture,
                $"GC during the run: {GC.CollectionCount(0) - gcs.Item1} gen0 / {GC.CollectionCount(1) - gcs.Item2} gen1 / {GC.CollectionCount(2) - gcs.Item3} gen2, paused {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms; {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)calls:F0} B allocated per call");
            var writerAfter = ThreadStats.Named("POET recorder");
            await container.Resolve<IExecutionStore>().FlushAsync();
            var dropped = container.Resolve<IExecutionStore>() is Poet.Storage.FileStore.FileExecutionLog log ? log.DroppedCount : -1;
            await container.DisposeAsync();
            var written = PacedLoadRunner.CountRecords(folder) - warmUpCalls - 1;
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sustained ({(block ? "Block" : "Drop")}, {shape switch { "timeout" => "Retries = 2, TimeoutMs = 1000", "cooperative" => "Retries = 2, TimeoutMs = 1000, CooperativeTimeout", _ => "Retries = 2" }}, capacity {capacity:N0}): {calls:N0} calls in {elapsed.TotalSeconds:F2} s: {elapsed.TotalMilliseconds * 1000 / calls:F3} us per call ({calls / elapsed.TotalSeconds:N0}/s); load average {load}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"caller thread: {(callerAfter.CpuSeconds - caller.CpuSeconds) * 1e6 / calls:F3} us CPU per call, {callerAfter.Voluntary - caller.Voluntary:N0} voluntary / {callerAfter.Involuntary - caller.Involuntary:N0} involuntary context switches"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"writer thread: {(writerAfter.CpuSeconds - writer.CpuSeconds) * 1e6 / calls:F3} us CPU per call, {writerAfter.Voluntary - writer.Voluntary:N0} voluntary / {writerAfter.Involuntary - writer.Involuntary:N0} involuntary context switches"));
            Console.WriteLine(gcText);
            Console.WriteLine($"runtime work during the run (after a warm-up of {warmUpCalls:N0} calls): {workText}");
            var info = GC.GetGCMemoryInfo(GCKind.Ephemeral);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"last young GC: gen{info.Generation}, promoted {info.PromotedBytes / 1024.0:N0} KB, pause {info.PauseDurations[0].TotalMilliseconds:F2} ms; gen0 {info.GenerationInfo[0].SizeAfterBytes / 1024.0:N0} KB, gen1 {info.GenerationInfo[1].SizeAfterBytes / 1024.0:N0} KB, gen2 {info.GenerationInfo[2].SizeAfterBytes / 1048576.0:N1} MB, LOH {info.GenerationInfo[3].SizeAfterBytes / 1048576.0:N1} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"records written {written:N0} of {calls:N0}, dropped {dropped:N0}"));
            return 0;
        }
        finally
        {
            PacedLoadRunner.TryDelete(folder);
        }
    }

    /// <summary>CPU seconds and context switches of one thread (Linux <c>/proc/self/task/{tid}</c>).</summary>
    internal readonly record struct ThreadStats(double CpuSeconds, long Voluntary, long Involuntary)
    {
        public static ThreadStats Current() => Read($"/proc/thread-self");

        public static ThreadStats Named(string name)
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == name)
                {
                    return Read(task);
                }
            }

            throw new InvalidOperationException($"no thread named '{name}' (this measurement needs Linux)");
        }

        private static ThreadStats Read(string task)
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            long voluntary = 0, involuntary = 0;
            foreach (var line in File.ReadLines(Path.Combine(task, "status")))
            {
                if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    voluntary = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    involuntary = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                }
            }

            return new ThreadStats(cpu, voluntary, involuntary);
        }
    }
}
