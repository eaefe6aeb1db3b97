using System.Diagnostics;
using System.Globalization;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// The writer's own CPU time per record, which does not depend on how busy the machine is: one thread hands over
/// small records to the real file-store recorder (<see cref="RecordingOverflowMode.Block"/>, nothing dropped), waits
/// until all are written, and reads the CPU time the recorder's writer thread used (Linux: <c>/proc/self/task</c>).
/// It warms up first (<c>warmUpRecords</c> records handed over and written, again until a round compiles fewer than
/// <see cref="RuntimeWork.QuietJitMethods"/> methods, at most 10 rounds; not counted: the JIT's tiers, the buffers).
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- writer-cpu [records=1000000] [warmUpRecords=200000]</c>
/// </summary>
public static class WriterCpuRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var warmUp = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var folder = Path.Combine(Path.GetTempPath(), "poet-writer-cpu", Guid.NewGuid().ToString("N"));
        var records = WriterBenchmarks.SmallRecords(1024);
        try
        {
            await using var store = PoetFileStore.Open(new PoetOptions { StorePath = folder, RecordingOverflow = RecordingOverflowMode.Block });
            using var reasons = new GcReasons(); // listening from before the warm-up (enabling the runtime's events compiles a lot); counting after it
            var warmedUp = 0;
            for (var round = 0; round < 10; round++)
            {
                var compiled = RuntimeWork.CompiledMethods;
                for (var i = 0; i < warmUp; i++)
                {
                    store.Executions.TryRecord(records[i & 1023]);
                }

                await store.Executions.FlushAsync();
                warmedUp += warmUp;
                if (RuntimeWork.CompiledMethods - compiled < RuntimeWork.QuietJitMethods)
                {
                    break;
                }
            }

            if (store.Executions is Poet.Storage.FileStore.FileExecutionLog log)
            {
                await log.PendingSeals; // no segment is renamed while the runner counts the lines
            }

            var writtenBefore = PacedLoadRunner.CountRecords(folder);
            var before = WriterCpuSeconds();
            var othersBefore = ProcessCpuSeconds() - CallerCpuSeconds();
            var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var work = RuntimeWork.Now();
            reasons.Start();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                store.Executions.TryRecord(records[i & 1023]);
            }

            await store.Executions.FlushAsync();
            watch.Stop();
            var workText = RuntimeWork.Since(work);
            var cpu = WriterCpuSeconds() - before;
            var others = ProcessCpuSeconds() - CallerCpuSeconds() - othersBefore;
            var gcText = string.Create(CultureInfo.InvariantCulture,
                $"GCs {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3} (gen0/1/2: {reasons.Describe()})");
            var written = PacedLoadRunner.CountRecords(folder) - writtenBefore; // reads the segments: after the GC counts
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"writer-cpu (after a warm-up of {warmedUp:N0} records, not counted): {written:N0} of {count:N0} records written in {watch.Elapsed.TotalSeconds:F2} s wall clock ({count / watch.Elapsed.TotalSeconds:N0}/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"the writer thread used {cpu:F2} s of CPU: {cpu * 1e9 / count:N0} ns per record, {count / cpu:N0} records per CPU-second"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"all threads but the caller's used {others:F2} s ({others * 1e9 / count:N0} ns per record: the writer, sealing segments, GC, JIT); {gcText}; {workText}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            return 0;
        }
        finally
        {
            PacedLoadRunner.TryDelete(folder);
        }
    }

    /// <summary>User + system CPU seconds of the whole process.</summary>
    private static double ProcessCpuSeconds() => StatCpuSeconds("/proc/self/stat");

    /// <summary>User + system CPU seconds of the calling thread.</summary>
    private static double CallerCpuSeconds() => StatCpuSeconds("/proc/thread-self/stat");

    private static double StatCpuSeconds(string path)
    {
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>User + system CPU seconds of the thread named "POET recorder" (10 ms resolution).</summary>
    private static double WriterCpuSeconds()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != "POET recorder")
            {
                continue;
            }

            // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ
        }

        throw new InvalidOperationException("no thread named 'POET recorder' (this measurement needs Linux)");
    }
}
