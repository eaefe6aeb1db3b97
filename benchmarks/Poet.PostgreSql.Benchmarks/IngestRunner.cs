using System.Diagnostics;
using System.Globalization;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// Ingestion from several app processes at once: each worker process opens the PostgreSQL store (as an app with
/// <c>UsePostgreSql</c> does), hands it prepared execution records through <see cref="IExecutionRecorder.TryRecord"/>
/// (waiting for room when the buffer is full, as <c>RecordingOverflowMode.Block</c> would) and flushes; the parent
/// reports records per second over the wall time from the first worker's start to the last one's flush, and checks
/// the row count.
/// </summary>
public static class IngestRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var processes = Arg(args, "--processes", 2);
        var records = Arg(args, "--records", 1_000_000);
        var connection = BenchDatabase.Fresh("poet_bench_ingest");
        await (await PoetPostgreSqlStore.OpenAsync(connection)).DisposeAsync(); // schema first, outside the timing

        var self = Environment.ProcessPath!;
        var dll = typeof(IngestRunner).Assembly.Location;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, processes).Select(_ =>
        {
            var start = new ProcessStartInfo(self.EndsWith("dotnet", StringComparison.Ordinal) ? self : "dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add("ingest-worker");
            start.ArgumentList.Add(connection);
            start.ArgumentList.Add(records.ToString(CultureInfo.InvariantCulture));
            return Process.Start(start)!;
        }).ToList();
        var outputs = await Task.WhenAll(workers.Select(async w =>
        {
            var text = await w.StandardOutput.ReadToEndAsync();
            await w.WaitForExitAsync();
            return text.Trim();
        }));
        stopwatch.Stop();

        // The timed window: from the first worker starting to hand over records to the last one's flush completing
        // (process start-up and preparing the records in memory are outside it).
        var spans = outputs.Select(o => o.Split('\n')[^1].Split(' ')).Select(p => (Start: long.Parse(p[0], CultureInfo.InvariantCulture), End: long.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        var window = TimeSpan.FromTicks(spans.Max(s => s.End) - spans.Min(s => s.Start));

        await using var store = await PoetPostgreSqlStore.OpenAsync(connection);
        using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM poet.executions");
        var stored = (long)(await count.ExecuteScalarAsync())!;
        var total = (long)processes * records;
        Console.WriteLine(string.Join(Environment.NewLine, outputs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest: {processes} processes x {records:N0} records = {total:N0} in {window.TotalSeconds:F2} s = {total / window.TotalSeconds:N0} executions/s (wall time with process start-up: {stopwatch.Elapsed.TotalSeconds:F1} s); stored {stored:N0}"));
        return stored == total ? 0 : 1;
    }

    public static async Task<int> WorkerAsync(string connection, int records)
    {
        var prepared = Enumerable.Range(0, records).Select(_ => BenchDatabase.Record()).ToArray();
        await using var store = await PoetPostgreSqlStore.OpenAsync(connection, new PoetOptions { RecorderCapacity = 262_144 });
        var recorder = store.Executions;
        var startTicks = DateTime.UtcNow.Ticks;
        var started = Stopwatch.StartNew();
        foreach (var record in prepared)
        {
            while (!recorder.TryRecord(record))
            {
                Thread.Yield();
            }
        }

        await recorder.FlushAsync();
        var endTicks = DateTime.UtcNow.Ticks;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worker {Environment.ProcessId}: {records:N0} records in {started.Elapsed.TotalSeconds:F2} s = {records / started.Elapsed.TotalSeconds:N0}/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{startTicks} {endTicks}"));
        return 0;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
