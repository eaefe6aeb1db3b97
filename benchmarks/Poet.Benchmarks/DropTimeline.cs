using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Poet.Benchmarks;

/// <summary>
/// Watches a recorder during a paced run: every millisecond or so a background thread notes the records dropped so
/// far, the queue's length, the garbage collections and the GC pause time. Afterwards it tells when the drops happened
/// (in bursts or steadily, next to a GC or not) and where the process's CPU went, thread by thread
/// (Linux <c>/proc/self/task</c>).
/// </summary>
internal sealed class DropTimeline : IDisposable
{
    private const int MaxSamples = 1 << 16;

    private readonly Func<long> _dropped;
    private readonly Func<int> _queued;
    private readonly Sample[] _samples = new Sample[MaxSamples];
    private readonly Thread _thread;
    private readonly Dictionary<int, (string Name, double Cpu)> _threadsBefore;
    private readonly long _start = Stopwatch.GetTimestamp();
    private volatile bool _stop;
    private int _count;

    public DropTimeline(Func<long> dropped, Func<int> queued)
    {
        _dropped = dropped;
        _queued = queued;
        _threadsBefore = ThreadCpu();
        _thread = new Thread(Run) { IsBackground = true, Name = "drop timeline" };
        _thread.Start();
    }

    /// <summary>Stops sampling and prints the drop episodes and the CPU per thread.</summary>
    public void Report(TextWriter output, int callerThreadId)
    {
        Dispose();
        var after = ThreadCpu();
        var samples = _samples.AsSpan(0, _count);
        output.WriteLine(Episodes(samples));
        var cpu = new StringBuilder("CPU by thread during the run (s): ");
        double others = 0;
        foreach (var (tid, (name, seconds)) in after.OrderByDescending(t => t.Value.Cpu - (_threadsBefore.TryGetValue(t.Key, out var b) ? b.Cpu : 0)))
        {
            var used = seconds - (_threadsBefore.TryGetValue(tid, out var before) ? before.Cpu : 0);
            if (tid == callerThreadId)
            {
                cpu.Append(CultureInfo.InvariantCulture, $"caller {used:F2}; ");
            }
            else if (used >= 0.05)
            {
                cpu.Append(CultureInfo.InvariantCulture, $"'{name}' {used:F2}; ");
            }
            else
            {
                others += used;
            }
        }

        cpu.Append(CultureInfo.InvariantCulture, $"the other threads {others:F2}");
        output.WriteLine(cpu.ToString());
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        while (!_stop && _count < MaxSamples)
        {
            _samples[_count++] = new Sample(
                Stopwatch.GetTimestamp(), _dropped(), _queued(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
                GC.GetTotalPauseDuration().TotalMilliseconds);
            Thread.Sleep(1);
        }
    }

    /// <summary>Groups samples with new drops into episodes (gaps under 20 ms join) and describes each.</summary>
    private string Episodes(ReadOnlySpan<Sample> samples)
    {
        var text = new StringBuilder();
        if (samples.Length < 2)
        {
            return "drop timeline: too few samples";
        }

        var total = samples[^1].Dropped - samples[0].Dropped;
        var episodes = 0;
        var i = 1;
        while (i < samples.Length)
        {
            if (samples[i].Dropped == samples[i - 1].Dropped)
            {
                i++;
                continue;
            }

            var first = i - 1;
            var last = i;
            while (last + 1 < samples.Length
                && (samples[last + 1].Dropped > samples[last].Dropped
                    || (Ms(samples[last + 1].At - samples[last].At) < 20 && NextDropWithin(samples, last + 1, 20))))
            {
                last++;
            }

            episodes++;
            if (episodes <= 25)
            {
                var a = samples[first];
                var b = samples[last];
                var maxQueued = 0;
                for (var k = first; k <= last; k++)
                {
                    maxQueued = Math.Max(maxQueued, samples[k].Queued);
                }

                // The GCs just before the episode too: a pause makes the writer's backlog older at once.
                var before = samples[Math.Max(0, first - 100)];
                text.Append(CultureInfo.InvariantCulture,
                    $"  at {Ms(a.At - _start):F0} ms for {Ms(b.At - a.At):F0} ms: {b.Dropped - a.Dropped:N0} dropped, queue up to {maxQueued:N0}; GCs during {b.Gen0 - a.Gen0}/{b.Gen1 - a.Gen1}/{b.Gen2 - a.Gen2} (gen0/1/2) pausing {b.PauseMs - a.PauseMs:F1} ms, in the 100 ms before {a.Gen0 - before.Gen0}/{a.Gen1 - before.Gen1}/{a.Gen2 - before.Gen2} pausing {a.PauseMs - before.PauseMs:F1} ms\n");
            }

            i = last + 1;
        }

        var span = Ms(samples[^1].At - samples[0].At);
        var gen0 = samples[^1].Gen0 - samples[0].Gen0;
        var gen1 = samples[^1].Gen1 - samples[0].Gen1;
        var gen2 = samples[^1].Gen2 - samples[0].Gen2;
        var longestGap = 0.0;
        for (var k = 1; k < samples.Length; k++)
        {
            longestGap = Math.Max(longestGap, Ms(samples[k].At - samples[k - 1].At));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"drop timeline ({samples.Length:N0} samples over {span:F0} ms, longest gap between samples {longestGap:F1} ms): {total:N0} dropped in {episodes} episode(s); GCs {gen0}/{gen1}/{gen2} (gen0/1/2) pausing {samples[^1].PauseMs - samples[0].PauseMs:F0} ms\n")
            + text.ToString().TrimEnd('\n');
    }

    private static bool NextDropWithin(ReadOnlySpan<Sample> samples, int from, double ms)
    {
        for (var k = from; k < samples.Length && Ms(samples[k].At - samples[from - 1].At) < ms; k++)
        {
            if (samples[k].Dropped > samples[from - 1].Dropped)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The calling thread's Linux thread id.</summary>
    public static int CurrentThreadId() =>
        int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!), CultureInfo.InvariantCulture);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>CPU seconds (user + system) of every thread of this process, by thread id.</summary>
    private static Dictionary<int, (string Name, double Cpu)> ThreadCpu()
    {
        var threads = new Dictionary<int, (string, double)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (File.ReadAllText(Path.Combine(task, "comm")).Trim(), ticks / 100.0);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return threads;
    }

    private readonly record struct Sample(long At, long Dropped, int Queued, int Gen0, int Gen1, int Gen2, double PauseMs);
}
