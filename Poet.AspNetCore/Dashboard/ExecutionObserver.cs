using System.Collections.Concurrent;
using System.Diagnostics;

namespace Poet.AspNetCore.Dashboard;

/// <summary>
/// Watches the POET executions of this process through the <c>Poet</c> <see cref="ActivitySource"/> (one activity per
/// execution) and keeps, per function, the recent executions and the last hour's statistics for the dashboard and
/// its JSON endpoints. Executions of other processes sharing the store are not seen; the store still finds them by id.
/// </summary>
internal sealed class ExecutionObserver : IDisposable
{
    private readonly ConcurrentDictionary<string, FunctionActivity> _functions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private ActivityListener? _listener;

    public ExecutionObserver(TimeProvider time) => _time = time;

    /// <summary>Whether executions are being watched (<see cref="Start"/> was called).</summary>
    public bool IsObserving => Volatile.Read(ref _listener) is not null;

    /// <summary>When watching started (UTC): the statistics cover no time before it. Null until <see cref="Start"/>.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>
    /// Starts watching (once). From then on every POET call of the process creates its activity, which this observer
    /// counts: see the README's figure for what that costs per call.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            Since = _time.GetUtcNow();
            var listener = new ActivityListener
            {
                ShouldListenTo = static source => string.Equals(source.Name, PoetTelemetry.Name, StringComparison.Ordinal),
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = Observe,
            };
            ActivitySource.AddActivityListener(listener);
            Volatile.Write(ref _listener, listener);
        }
    }

    /// <summary>What was seen of one function, or null when none of its calls was seen.</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>Its activity.</returns>
    public FunctionActivity? Find(string functionId) => _functions.GetValueOrDefault(functionId);

    /// <summary>The current time, from the same clock as the statistics.</summary>
    /// <returns>The time.</returns>
    public DateTimeOffset Now() => _time.GetUtcNow();

    public void Dispose()
    {
        lock (_gate)
        {
            _listener?.Dispose();
        }
    }

    private void Observe(Activity activity)
    {
        if (activity.GetTagItem(PoetTelemetry.FunctionTag) is not string functionId
            || activity.GetTagItem(PoetTelemetry.ExecutionIdTag) is not string id)
        {
            return;
        }

        var execution = new ObservedExecution(
            id,
            functionId,
            activity.GetTagItem("poet.version") is int version ? version : 0,
            new DateTimeOffset(activity.StartTimeUtc, TimeSpan.Zero),
            activity.Duration.TotalMilliseconds,
            OutcomeName(activity.GetTagItem(PoetTelemetry.OutcomeTag) as string),
            activity.GetTagItem("poet.attempts") is int attempts ? attempts : 1,
            activity.GetTagItem("error.type") as string);
        _functions.GetOrAdd(functionId, static _ => new FunctionActivity()).Add(execution, _time.GetUtcNow());
    }

    // The activity's outcome tag ("timed_out") in the API's spelling ("timedOut", as in GET /poet/executions/{id}).
    private static string OutcomeName(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return "unknown";
        }

        var parts = tag.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
