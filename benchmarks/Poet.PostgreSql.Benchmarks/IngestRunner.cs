using System.Diagnostics;
using System.Globalization;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// Ingestion from several app processes at once: each worker process opens the PostgreSQL store (as an app with
/// <c>UsePostgreSql</c> does), prepares its execution records in memory, says it is ready and waits; when every worker
/// is ready the parent starts them together. Each then hands its records over through
/// <see cref="IExecutionRecorder.TryRecord"/> with <see cref="RecordingOverflowMode.Block"/> (waiting for room when
/// the buffer is full) and flushes. Before saying it is ready, each worker records <see cref="WarmUp"/> records the same
/// way (outside the timing), so the figures are those of a running app, not of the JIT compiling the path. The parent reports records per second over the wall time from
/// the start to the last worker's flush, each worker's window (do they overlap?), the CPU time per record on each side
/// (the workers' own, and the local server's from <c>/proc</c>) and checks the row count.
/// </summary>
public static class IngestRunner
{
    /// <summary>Records each worker writes before the timed run (they are stored too).</summary>
    public const int WarmUp = 50_000;

    /// <summary>
    /// Runs the ingestion <c>--runs</c> times (default 3, each on a fresh database with fresh worker processes) and
    /// prints each run, then the minimum, median and maximum of the rate and of the CPU per record on each side.
    /// </summary>
    /// <returns>0 when every run stored every record.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var processes = Arg(args, "--processes", 2);
        var records = Arg(args, "--records", 1_000_000);
        var runs = Arg(args, "--runs", 3);
        var results = new List<IngestResult>();
        for (var run = 1; run <= runs; run++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run} of {runs} ({DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {LoadAverage()} before it):"));
            results.Add(await RunOnceAsync(processes, records));
        }

        Console.WriteLine(IngestResult.Summary(results, processes, records));
        return results.All(r => r.Complete) ? 0 : 1;
    }

    private static async Task<IngestResult> RunOnceAsync(int processes, int records)
    {
        var connection = BenchDatabase.Fresh("poet_bench_ingest");
        await (await PoetPostgreSqlStore.OpenAsync(connection)).DisposeAsync(); // schema first, outside the timing
        var server = ServerCpu.Find(connection);

        var self = Environment.ProcessPath!;
        var dll = typeof(IngestRunner).Assembly.Location;
        var workers = Enumerable.Range(0, processes).Select(_ =>
        {
            var start = new ProcessStartInfo(self.EndsWith("dotnet", StringComparison.Ordinal) ? self : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add("ingest-worker");
            start.ArgumentList.Add(connection);
            start.ArgumentList.Add(records.ToString(CultureInfo.InvariantCulture));
            return Process.Start(start)!;
        }).ToList();

        foreach (var worker in workers)
        {
            if (await worker.StandardOutput.ReadLineAsync() != "ready")
            {
                throw new InvalidOperationException("a worker did not get ready");
            }
        }

        var serverBefore = server?.Seconds();
        var rolesBefore = server?.ByRole();
        var go = DateTime.UtcNow.Ticks;
        foreach (var worker in workers)
        {
            await worker.StandardInput.WriteLineAsync("go");
            await worker.StandardInput.FlushAsync();
        }

        // Each worker says "done" when it has flushed and stays (its backends alive) until told to exit, so the server's
        // CPU is read per process before any backend ends.
        var outputs = await Task.WhenAll(workers.Select(async w =>
        {
            var lines = new List<string>();
            while (await w.StandardOutput.ReadLineAsync() is { } line && line != "done")
            {
                lines.Add(line);
            }

            return string.Join('\n', lines);
        }));
        var serverAfter = server?.Seconds();
        var roles = rolesBefore is null ? null : server!.Since(rolesBefore, (double)processes * records);
        foreach (var worker in workers)
        {
            await worker.StandardInput.WriteLineAsync("exit");
            await worker.StandardInput.FlushAsync();
            await worker.WaitForExitAsync();
        }

        // Each worker's last line: its start and end (UTC ticks) and the CPU seconds it used in between.
        var spans = outputs.Select(o => o.Split('\n')[^1].Split(' ')).Select(p => (
            Start: long.Parse(p[0], CultureInfo.InvariantCulture),
            End: long.Parse(p[1], CultureInfo.InvariantCulture),
            Cpu: double.Parse(p[2], CultureInfo.InvariantCulture),
            WarmedUp: long.Parse(p[3], CultureInfo.InvariantCulture))).ToList();
        var window = TimeSpan.FromTicks(spans.Max(s => s.End) - go);

        await using var store = await PoetPostgreSqlStore.OpenAsync(connection);
        using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM poet.executions");
        var stored = (long)(await count.ExecuteScalarAsync())!;
        var total = (long)processes * records;
        var expected = total + spans.Sum(s => s.WarmedUp);
        foreach (var (output, span) in outputs.Zip(spans))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{output.Split('\n')[0]}; ran from +{TimeSpan.FromTicks(span.Start - go).TotalSeconds:F2} s to +{TimeSpan.FromTicks(span.End - go).TotalSeconds:F2} s"));
            foreach (var detail in output.Split('\n')[1..^1])
            {
                Console.WriteLine(detail);
            }
        }

        var clientCpu = spans.Sum(s => s.Cpu);
        var serverCpu = serverAfter - serverBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest: {processes} processes x {records:N0} records = {total:N0} in {window.TotalSeconds:F2} s = {total / window.TotalSeconds:N0} executions/s; stored {stored:N0} (with {spans.Sum(s => s.WarmedUp):N0} warm-up records)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu: apps {clientCpu:F2} s = {clientCpu / total * 1e6:F2} us/record; server {(serverCpu is { } s ? $"{s:F2} s = {s / total * 1e6:F2} us/record" : "not measurable (not a local server)")}; " +
            $"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        if (roles is not null)
        {
            Console.WriteLine("server cpu per record by process: " + roles);
        }

        if (stored != expected)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED: stored {stored:N0} rows, expected {expected:N0}"));
        }

        return new IngestResult(total / window.TotalSeconds, clientCpu / total * 1e6, serverCpu / total * 1e6, stored == expected);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    public static async Task<int> WorkerAsync(string connection, int records)
    {
        var prepared = Enumerable.Range(0, records).Select(_ => BenchDatabase.Record()).ToArray();
        await using var store = await PoetPostgreSqlStore.OpenAsync(connection, new PoetOptions { RecorderCapacity = 262_144, RecordingOverflow = RecordingOverflowMode.Block });
        var recorder = store.Executions;
        using var ticks = new AllocationTicks();
        ticks.Start();
        var warmedUp = await WarmUpAsync(recorder);
        var warmUpLarge = ticks.Stop(warmedUp);
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return 1;
        }

        var allocatedStart = GC.GetTotalAllocatedBytes(precise: false);
        var collectionsStart = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        ticks.Start();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var threadsStart = ThreadCpu.ByName();
        var startTicks = DateTime.UtcNow.Ticks;
        var started = Stopwatch.StartNew();
        Produce(recorder, prepared);
        await recorder.FlushAsync();
        var endTicks = DateTime.UtcNow.Ticks;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worker {Environment.ProcessId}: {records:N0} records in {started.Elapsed.TotalSeconds:F2} s = {records / started.Elapsed.TotalSeconds:N0}/s, CPU {cpu:F2} s ({cpu * 1e6 / records:F2} us per record: {ThreadCpu.Since(threadsStart, records)})"));
        var large = ticks.Stop(records);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocatedStart) / (double)records:F0} B per record; collections gen0/1/2 {GC.CollectionCount(0) - collectionsStart.Item1}/{GC.CollectionCount(1) - collectionsStart.Item2}/{GC.CollectionCount(2) - collectionsStart.Item3}; large object heap: {large} (warm-up: {warmUpLarge})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{startTicks} {endTicks} {cpu} {warmedUp}"));
        Console.WriteLine("done");
        return Console.ReadLine() == "exit" ? 0 : 1;
    }

    /// <summary>
    /// Records <see cref="WarmUp"/> records at a time (then a pause for the runtime's background compiler) until a round
    /// leaves the runtime's tiered compilation thread idle: what follows runs the optimized code a long-running app
    /// runs, not the first-call code and the compiler replacing it (which took 1.8-2.5 us of CPU per record in the timed
    /// run after a single 50,000-record round). At most ten rounds.
    /// </summary>
    /// <returns>The records written.</returns>
    private static async Task<int> WarmUpAsync(IExecutionStore recorder)
    {
        var written = 0;
        for (var round = 0; round < 10; round++)
        {
            var before = ThreadCpu.ByName().GetValueOrDefault(".NET Tiered Com");
            Produce(recorder, Enumerable.Range(0, WarmUp).Select(_ => BenchDatabase.Record()).ToArray());
            await recorder.FlushAsync();
            written += WarmUp;
            await Task.Delay(300);
            if (ThreadCpu.ByName().GetValueOrDefault(".NET Tiered Com") - before < 0.005)
            {
                break;
            }
        }

        return written;
    }

    /// <summary>Hands the records over as an app's calls do (Block mode: waits for room, never drops).</summary>
    private static void Produce(IExecutionRecorder recorder, ExecutionRecord[] records)
    {
        foreach (var record in records)
        {
            if (!recorder.TryRecord(record))
            {
                throw new InvalidOperationException("the recorder dropped a record in Block mode");
            }
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
