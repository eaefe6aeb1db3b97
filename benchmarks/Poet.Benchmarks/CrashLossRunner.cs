using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// What a SIGKILL really loses. A child process (this program with <c>crash-child</c>) makes POET calls paced at a
/// fixed rate with the file store and default options, and every 256 calls writes to its stdout how many calls it
/// made, how many records POET dropped and the id of its last call whose record was accepted. The parent SIGKILLs it, reads everything the child
/// wrote, reopens the store (crash repair runs) and compares: records accepted by the last report against records on
/// disk, and the time between the last accepted call and the newest record on disk (the span of lost records).
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- crash-loss [callsPerSecond=200000] [runs=5]</c>
/// </summary>
public static class CrashLossRunner
{
    private const int ReportEvery = 256;

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var worstWindow = 0.0;
        long worstLost = 0;
        for (var run = 1; run <= runs; run++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "poet-crash", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var result = await KillOnceAsync(folder, rate, TimeSpan.FromMilliseconds(2_000 + Random.Shared.Next(1_000)));
                worstWindow = Math.Max(worstWindow, result.LostSpanMs);
                worstLost = Math.Max(worstLost, result.LostAtLeast);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: killed after {result.Calls:N0} calls reported ({result.Calls / result.RanFor.TotalSeconds:N0}/s), {result.Dropped:N0} dropped by POET; " +
                    $"{result.OnDisk:N0} records on disk after reopening; lost at least {result.LostAtLeast:N0} accepted records; " +
                    $"last accepted call reported {(result.LastOnDisk ? "on disk" : "NOT on disk")} ({(result.LastFound ? "found" : "not found")} by FindAsync after reopening); lost span {result.LostSpanMs:F0} ms (newest record on disk to the last accepted call reported); " +
                    $"newest record on disk {result.KillAgeMs:F1} ms before the SIGKILL"));
            }
            finally
            {
                PacedLoadRunner.TryDelete(folder);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crash-loss: {runs} SIGKILLs at a target of {rate:N0} calls/s: at most the last {worstWindow:F0} ms of accepted records were lost (at least {worstLost:N0} accepted records in the worst run)"));
        return 0;
    }

    /// <summary>The child: paced calls until killed, reporting progress on stdout every <see cref="ReportEvery"/> calls.</summary>
    public static int Child(string folder, double rate)
    {
        long dropped = 0;
        var droppedRecords = PoetTelemetry.DroppedRecords; // created before the listener starts, so it is published to it
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == droppedRecords)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();

        var (_, detector) = PacedLoadRunner.Build(folder);
        var current = Enumerable.Range(0, 16).Select(i => i + 0.5).ToArray();
        detector.ScoreRetries(current);
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        output.WriteLine("ready");
        long calls = 1;
        var lastAccepted = PoetContext.LastExecutionId;
        PacedLoadRunner.Pace(rate, seconds: 3600, () =>
        {
            var droppedBefore = Interlocked.Read(ref dropped);
            detector.ScoreRetries(current);
            if (Interlocked.Read(ref dropped) == droppedBefore)
            {
                lastAccepted = PoetContext.LastExecutionId; // not dropped: the recorder accepted its record
            }

            if (++calls % ReportEvery == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls} {Interlocked.Read(ref dropped)} {lastAccepted}"));
            }
        }, out _);
        return 0;
    }

    private static async Task<KillResult> KillOnceAsync(string folder, double rate, TimeSpan runFor)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            info.ArgumentList.Add(typeof(CrashLossRunner).Assembly.Location);
        }

        info.ArgumentList.Add("crash-child");
        info.ArgumentList.Add(folder);
        info.ArgumentList.Add(rate.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(info)!;
        var ready = await child.StandardOutput.ReadLineAsync();
        if (ready != "ready")
        {
            throw new InvalidOperationException($"the child did not start: {ready}");
        }

        var started = Stopwatch.GetTimestamp();
        var reading = ReadReportsAsync(child.StandardOutput); // drain the pipe while the child runs
        await Task.Delay(runFor);
        var killedAt = DateTimeOffset.UtcNow;
        child.Kill(); // SIGKILL on Linux
        await child.WaitForExitAsync();
        var ranFor = Stopwatch.GetElapsedTime(started);
        var last = await reading; // everything the child wrote before it died

        // Reopen the store as the next process would (torn tails repaired, damaged segments quarantined).
        bool lastFound;
        await using (var store = PoetFileStore.Open(new PoetOptions { StorePath = folder }))
        {
            lastFound = last.Id is { } id && await store.Executions.FindAsync(id) is not null;
        }

        var (onDisk, newest, lastOnDisk) = ReadLog(folder, last.Id);
        var accepted = last.Calls - last.Dropped;
        var lostSpan = last.Id is { } lastId && lastId.Timestamp > newest ? (lastId.Timestamp - newest).TotalMilliseconds : 0;
        return new KillResult(last.Calls, last.Dropped, onDisk, Math.Max(0, accepted - onDisk), lastOnDisk, lastFound, lostSpan, (killedAt - newest).TotalMilliseconds, ranFor);
    }

    private static async Task<(long Calls, long Dropped, ExecutionId? Id)> ReadReportsAsync(StreamReader output)
    {
        (long, long, ExecutionId?) last = (1, 0, null);
        while (await output.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var calls)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var dropped) && ExecutionId.TryParse(parts[2], out var id))
            {
                last = (calls, dropped, id);
            }
        }

        return last;
    }

    /// <summary>Counts the records on disk and finds the newest (every line starts with {"id":"...": the id encodes its time).</summary>
    private static (long Records, DateTimeOffset Newest, bool Contains) ReadLog(string folder, ExecutionId? wanted)
    {
        var contains = false;
        var newest = DateTimeOffset.MinValue;
        long records = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "executions"), "*.jsonl"))
        {
            foreach (var line in File.ReadLines(file, Encoding.UTF8))
            {
                if (line.Length > 33 && ExecutionId.TryParse(line.Substring(7, ExecutionId.Length), out var id))
                {
                    records++;
                    contains |= wanted is { } w && id == w;
                    if (id.Timestamp > newest)
                    {
                        newest = id.Timestamp;
                    }
                }
            }
        }

        return (records, newest, contains);
    }

    /// <summary>One kill: <paramref name="LostSpanMs"/> is the last accepted call reported minus the newest record on disk
    /// (ids have millisecond resolution); <paramref name="KillAgeMs"/> the moment of the kill minus the newest record on
    /// disk, which also counts time the whole child was not running.</summary>
    private sealed record KillResult(long Calls, long Dropped, long OnDisk, long LostAtLeast, bool LastOnDisk, bool LastFound, double LostSpanMs, double KillAgeMs, TimeSpan RanFor);
}
