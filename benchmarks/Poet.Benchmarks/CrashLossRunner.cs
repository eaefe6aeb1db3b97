using System.Diagnostics;
using System.Globalization;
using System.Text;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// What a SIGKILL loses: a child process makes POET calls paced at a fixed rate with the file store; the parent kills
/// it (SIGKILL) after a while and reads the log: the newest record on disk against the moment of the kill bounds
/// the window of accepted records that were lost.
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- crash-loss [callsPerSecond=200000] [runs=5]</c>
/// </summary>
public static class CrashLossRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var worst = 0.0;
        for (var run = 1; run <= runs; run++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "poet-crash", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var (lostMs, records) = await KillOnceAsync(folder, rate);
                worst = Math.Max(worst, lostMs);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {records:N0} records on disk; newest record {lostMs:F1} ms before the SIGKILL"));
            }
            finally
            {
                PacedLoadRunner.TryDelete(folder);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crash-loss: {runs} SIGKILLs at {rate:N0} calls/s: at most the last {worst:F1} ms of accepted records were lost"));
        return 0;
    }

    /// <summary>The child: paced calls until killed.</summary>
    public static int Child(string folder, double rate)
    {
        var (_, detector) = PacedLoadRunner.Build(folder);
        var current = Enumerable.Range(0, 16).Select(i => i + 0.5).ToArray();
        detector.ScoreResilient(current);
        Console.WriteLine("ready");
        PacedLoadRunner.Pace(rate, seconds: 3600, () => detector.ScoreResilient(current), out _);
        return 0;
    }

    private static async Task<(double LostMs, long Records)> KillOnceAsync(string folder, double rate)
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

        await Task.Delay(TimeSpan.FromSeconds(2));
        var killedAt = DateTimeOffset.UtcNow;
        child.Kill(); // SIGKILL on Linux
        await child.WaitForExitAsync();

        var newest = DateTimeOffset.MinValue;
        long records = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "executions"), "*.jsonl"))
        {
            foreach (var line in File.ReadLines(file, Encoding.UTF8))
            {
                // Every line starts with {"id":"<26 characters>": the id encodes the call's start time.
                if (line.Length > 33 && ExecutionId.TryParse(line.Substring(7, ExecutionId.Length), out var id))
                {
                    records++;
                    if (id.Timestamp > newest)
                    {
                        newest = id.Timestamp;
                    }
                }
            }
        }

        return ((killedAt - newest).TotalMilliseconds, records);
    }
}
