using System.Diagnostics;
using System.Globalization;

namespace Poet.Benchmarks;

/// <summary>
/// <c>feedback-file N</c>: the <see cref="FeedbackFileStoreBenchmarks"/> feedback (0 recorded executions) run N times in a
/// plain loop after N/2 (at least 20) warm-up feedbacks, printing the latency percentiles, the process's CPU time per feedback and the loop's start and end times (UTC, to the
/// microsecond), so that a trace of the process (<c>strace -f -tt -e trace=fsync,fdatasync,syncfs</c>) can count the waits
/// for the disk per feedback between them.
/// </summary>
internal static class FeedbackFileRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var bench = new FeedbackFileStoreBenchmarks { RecordedExecutions = 0 };
        await bench.Setup();
        try
        {
            for (var i = 0; i < Math.Max(20, count / 2); i++)
            {
                await bench.FeedbackToNewVersion();
            }

            var times = new double[count];
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            Console.WriteLine($"start {DateTime.UtcNow:HH:mm:ss.ffffff}");
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await bench.FeedbackToNewVersion();
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Console.WriteLine($"end {DateTime.UtcNow:HH:mm:ss.ffffff}");
            process.Refresh();
            var cpuPerFeedback = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count;
            Array.Sort(times);
            double P(double q) => times[Math.Min(count - 1, (int)(q * count))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} feedbacks -> new version current (file store): p50 {P(0.5):0.00} ms, p90 {P(0.9):0.00} ms, p99 {P(0.99):0.00} ms, mean {times.Average():0.00} ms; process CPU {cpuPerFeedback:0.00} ms per feedback"));
        }
        finally
        {
            bench.Cleanup();
        }

        return 0;
    }
}
