using System.Diagnostics;
using System.Globalization;
using Autofac;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// Calls paced at a fixed rate through a real POET proxy with the file store (default options: Drop on overflow),
/// then counts the records that reached <c>.poet/executions/</c>. The method has issue #11's shape,
/// <c>[Poet(Retries = 2)]</c> (a <c>TimeoutMs</c> would run each sync attempt on a pool thread, which one calling thread
/// cannot do 200,000 times a second on this machine).
/// The run warms up first as a service would have (calls at the same rate for <c>warmUpSeconds</c>, then on in half seconds
/// until one compiles fewer than <see cref="RuntimeWork.QuietJitMethods"/> methods, at most 5 s more; not counted: the JIT's tiers, the pools, the first segment and the runner's own
/// probes), waits until the writer has written them, then measures.
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- paced [callsPerSecond=200000] [seconds=5] [warmUpSeconds=1]</c>
/// </summary>
public static class PacedLoadRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var warmUp = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var folder = Path.Combine(Path.GetTempPath(), "poet-paced", Guid.NewGuid().ToString("N"));
        try
        {
            var (container, detector) = Build(folder);
            var current = Enumerable.Range(0, 16).Select(i => i + 0.5).ToArray();
            detector.ScoreRetries(current); // registers the function (one extra record)
            var log = (Poet.Storage.FileStore.FileExecutionLog)container.Resolve<IExecutionStore>();
            using var reasons = new GcReasons(); // listening from before the warm-up: enabling the runtime's events compiles a lot
            var (warmUpCalls, warmUpTime) = await WarmUpAsync(rate, warmUp, () => detector.ScoreRetries(current), log, reasons);
            var warmUpDropped = log.DroppedCount;
            var before = CountRecords(folder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {warmUpCalls:N0} calls in {warmUpTime.TotalSeconds:N1} s at the same rate, {warmUpDropped:N0} dropped (not counted below)"));

            var timeline = new DropTimeline(() => log.DroppedCount, () => log.Recorder.QueuedCount);
            reasons.Start();
            var work = RuntimeWork.Now();
            var calls = Pace(rate, seconds, () => detector.ScoreRetries(current), out var elapsed);
            var workText = RuntimeWork.Since(work);
            timeline.Report(Console.Out, DropTimeline.CurrentThreadId());
            Console.WriteLine($"GCs by reason: {reasons.Describe()}");
            Console.WriteLine($"runtime work during the measured part: {workText}");
            await log.FlushAsync();
            var dropped = log.DroppedCount - warmUpDropped;
            await container.DisposeAsync(); // writes everything accepted
            var recorded = CountRecords(folder) - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"paced: target {rate:N0} calls/s for {seconds:N0} s; made {calls:N0} calls in {elapsed.TotalSeconds:F2} s ({calls / elapsed.TotalSeconds:N0}/s); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recorded {recorded:N0} of {calls:N0} ({100.0 * recorded / calls:F2} %), {dropped:N0} dropped, in {Path.Combine(folder, "executions")}"));
            return 0;
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// Calls at the rate for <paramref name="seconds"/>, then on in half seconds until the JIT compiled fewer than
    /// <see cref="RuntimeWork.QuietJitMethods"/> methods in one (tiered code and its PGO instrumentation replaced by the
    /// final code; at most 5 s more), with the run's probes (drop timeline, GC listener) already watching so their own
    /// code is compiled too; then waits until the writer has written everything.
    /// </summary>
    private static async Task<(long Calls, TimeSpan Time)> WarmUpAsync(double rate, double seconds, Action call, Poet.Storage.FileStore.FileExecutionLog log, GcReasons reasons)
    {
        var started = Stopwatch.GetTimestamp();
        reasons.Start();
        var timeline = new DropTimeline(() => log.DroppedCount, () => log.Recorder.QueuedCount);
        var calls = Pace(rate, seconds, call, out _);
        for (var extra = 0; extra < 10; extra++)
        {
            var compiled = RuntimeWork.CompiledMethods;
            calls += Pace(rate, 0.5, call, out _);
            if (RuntimeWork.CompiledMethods - compiled < RuntimeWork.QuietJitMethods)
            {
                break;
            }
        }

        timeline.Report(TextWriter.Null, DropTimeline.CurrentThreadId());
        _ = reasons.Describe(); // stops counting; the measured part starts it again
        reasons.Clear();
        _ = RuntimeWork.Since(RuntimeWork.Now());
        await log.FlushAsync();
        await log.PendingSeals; // no segment is renamed while the runner counts the lines
        return (calls, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Builds a container like a user's: file store in <paramref name="folder"/>, one POET service.</summary>
    internal static (IContainer Container, IBenchDetector Detector) Build(string folder)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o => o.StorePath = folder);
        builder.RegisterType<BenchDetector>().As<IBenchDetector>().SingleInstance().EnablePoet();
        var container = builder.Build();
        return (container, container.Resolve<IBenchDetector>());
    }

    /// <summary>Calls <paramref name="call"/> at <paramref name="rate"/> per second from one thread (spinning between calls).</summary>
    internal static long Pace(double rate, double seconds, Action call, out TimeSpan elapsed)
    {
        var ticksPerCall = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        long calls = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            // Catch up to the schedule (every call due by now is made now), looking at the clock every 256 calls.
            var due = Math.Min((long)((now - start) / ticksPerCall) + 1, calls + 256);
            while (calls < due)
            {
                call();
                calls++;
            }
        }

        elapsed = Stopwatch.GetElapsedTime(start);
        return calls;
    }

    /// <summary>Counts the complete lines of every log segment (reading through one buffer: no large allocations).</summary>
    internal static long CountRecords(string folder)
    {
        long lines = 0;
        var buffer = new byte[64 * 1024];
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "executions"), "*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }

        return lines;
    }

    internal static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
