using System.Diagnostics;
using System.Globalization;

namespace Poet.Benchmarks;

/// <summary>
/// <c>feedback-file N</c>: the <see cref="FeedbackFileStoreBenchmarks"/> feedback (0 recorded executions) run N times in a
/// plain loop after N/2 (at least 20) warm-up feedbacks, printing the latency percentiles and the process's CPU time per
/// feedback; then, where <c>strace</c> can attach to the process, N/4 (at least 50) more feedbacks with it attached
/// (not timed: tracing slows every system call) to count the system calls, the file opens and the waits for the disk
/// (<c>fsync</c>, <c>fdatasync</c>, <c>syncfs</c>) per feedback. The last line sums it all up with the time and the load
/// average, to be rerun as it is.
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

            var load = LoadAverage();
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

            var traced = Math.Max(50, count / 4);
            var calls = await SyscallCounter.CountAsync(async () =>
            {
                for (var i = 0; i < traced; i++)
                {
                    await bench.FeedbackToNewVersion();
                }
            });
            string PerFeedback(params string[] names) => calls is null
                ? "n/a"
                : (names.Sum(n => calls.TryGetValue(n, out var c) ? c : 0) / (double)traced).ToString("0.0", CultureInfo.InvariantCulture);
            if (calls is not null)
            {
                Console.WriteLine("system calls per feedback: " + string.Join(", ", calls.Where(c => c.Key != "total").OrderByDescending(c => c.Value)
                    .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value / (double)traced:0.0}"))));
            }

            var counted = calls is null ? "strace not available: no counts" : $"counted over {traced} more feedbacks under strace";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"feedback-file {count} at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {load}: p50 {P(0.5):0.00} ms, p99 {P(0.99):0.00} ms, CPU {cpuPerFeedback:0.00} ms, per feedback {PerFeedback("total")} system calls, {PerFeedback("openat", "open")} opens, {PerFeedback("fsync", "fdatasync", "syncfs")} fsyncs ({counted})"));
        }
        finally
        {
            bench.Cleanup();
        }

        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
