namespace Poet.AspNetCore.Dashboard;

/// <summary>
/// One function's executions seen in this process: the most recent ones, and per-minute call, error and duration
/// counts for the last hour (fixed memory whatever the call rate).
/// </summary>
internal sealed class FunctionActivity
{
    /// <summary>How many recent executions are kept per function.</summary>
    public const int RecentCapacity = 200;

    /// <summary>The window of the statistics, in minutes.</summary>
    public const int WindowMinutes = 60;

    private readonly Lock _gate = new();
    private readonly ObservedExecution?[] _recent = new ObservedExecution?[RecentCapacity];
    private readonly MinuteBucket[] _minutes = new MinuteBucket[WindowMinutes];
    private int _next;

    public FunctionActivity()
    {
        for (var i = 0; i < WindowMinutes; i++)
        {
            _minutes[i] = new MinuteBucket();
        }
    }

    /// <summary>Adds one execution.</summary>
    /// <param name="execution">The execution.</param>
    /// <param name="endedAt">When it ended; decides its minute.</param>
    public void Add(ObservedExecution execution, DateTimeOffset endedAt)
    {
        var minute = endedAt.ToUnixTimeSeconds() / 60;
        lock (_gate)
        {
            _recent[_next] = execution;
            _next = (_next + 1) % RecentCapacity;

            var bucket = _minutes[(int)(minute % WindowMinutes)];
            if (bucket.Minute != minute)
            {
                bucket.Reset(minute);
            }

            bucket.Calls++;
            if (execution.IsError)
            {
                bucket.Errors++;
            }

            bucket.Durations.Add(execution.DurationMs);
        }
    }

    /// <summary>The most recent executions, newest first.</summary>
    /// <param name="outcome">Only this outcome, when given.</param>
    /// <param name="limit">At most this many.</param>
    /// <returns>The executions.</returns>
    public IReadOnlyList<ObservedExecution> Recent(string? outcome, int limit)
    {
        var list = new List<ObservedExecution>(Math.Min(limit, RecentCapacity));
        lock (_gate)
        {
            for (var i = 1; i <= RecentCapacity && list.Count < limit; i++)
            {
                var item = _recent[(_next - i + RecentCapacity) % RecentCapacity];
                if (item is null)
                {
                    break;
                }

                if (outcome is null || string.Equals(item.Outcome, outcome, StringComparison.Ordinal))
                {
                    list.Add(item);
                }
            }
        }

        return list;
    }

    /// <summary>Calls, errors and duration percentiles of the last <see cref="WindowMinutes"/> minutes.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The statistics.</returns>
    public ActivityStats Stats(DateTimeOffset now)
    {
        var current = now.ToUnixTimeSeconds() / 60;
        var durations = new DurationHistogram();
        long calls = 0, errors = 0;
        lock (_gate)
        {
            foreach (var bucket in _minutes)
            {
                if (bucket.Minute > current - WindowMinutes && bucket.Minute <= current)
                {
                    calls += bucket.Calls;
                    errors += bucket.Errors;
                    durations.Add(bucket.Durations);
                }
            }
        }

        return new ActivityStats(calls, errors, durations.Percentile(0.5), durations.Percentile(0.99));
    }

    private sealed class MinuteBucket
    {
        public long Minute { get; private set; } = long.MinValue;

        public long Calls { get; set; }

        public long Errors { get; set; }

        public DurationHistogram Durations { get; } = new();

        public void Reset(long minute)
        {
            Minute = minute;
            Calls = 0;
            Errors = 0;
            Durations.Clear();
        }
    }
}

/// <summary>A function's calls over the statistics window.</summary>
/// <param name="Calls">Calls that ended in the window.</param>
/// <param name="Errors">Of those, calls that did not succeed.</param>
/// <param name="P50Ms">The median duration, when there were calls.</param>
/// <param name="P99Ms">The 99th percentile duration, when there were calls.</param>
internal readonly record struct ActivityStats(long Calls, long Errors, double? P50Ms, double? P99Ms);
