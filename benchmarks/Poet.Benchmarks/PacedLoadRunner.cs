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
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- paced [callsPerSecond=200000] [seconds=5]</c>
/// </summary>
public static class PacedLoadRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var folder = Path.Combine(Path.GetTempPath(), "poet-paced", Guid.NewGuid().ToString("N"));
        try
        {
            var (container, detector) = Build(folder);
            var current = Enumerable.Range(0, 16).Select(i => i + 0.5).ToArray();
            detector.ScoreRetries(current); // registers the function (one extra record)
            var log = (Poet.Storage.FileStore.FileExecutionLog)container.Resolve<IExecutionStore>();
            var timeline = new DropTimeline(() => log.DroppedCount, () => log.Recorder.QueuedCount);
            using var reasons = new GcReasons();
            reasons.Start();
            var calls = Pace(rate, seconds, () => detector.ScoreRetries(current), out var elapsed);
            timeline.Report(Console.Out, DropTimeline.CurrentThreadId());
            Console.WriteLine($"GCs by reason: {reasons.Describe()}");
            await container.DisposeAsync(); // writes everything accepted
            var recorded = CountRecords(folder) - 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"paced: target {rate:N0} calls/s for {seconds:N0} s; made {calls:N0} calls in {elapsed.TotalSeconds:F2} s ({calls / elapsed.TotalSeconds:N0}/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recorded {recorded:N0} of {calls:N0} ({100.0 * recorded / calls:F2} %) in {Path.Combine(folder, "executions")}"));
            return 0;
        }
        finally
        {
            TryDelete(folder);
        }
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

    /// <summary>Counts the complete lines of every log segment.</summary>
    internal static long CountRecords(string folder)
    {
        long lines = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "executions"), "*.jsonl"))
        {
            foreach (var b in File.ReadAllBytes(file))
            {
                lines += b == (byte)'\n' ? 1 : 0;
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
