using System.Collections.Concurrent;
using Poet.Interception;

namespace Poet.AspNetCore.Dashboard;

/// <summary>
/// Watches the POET executions of this process (each finished call is reported to it directly, no
/// <see cref="System.Diagnostics.Activity"/> needed) and keeps, per function, the recent executions and the last hour's
/// statistics for the dashboard and its JSON endpoints. Executions of other processes sharing the store are not seen;
/// the store still finds them by id.
/// </summary>
internal sealed class ExecutionObserver : IDisposable
{
    // The outcome in the API's spelling ("timedOut", as in GET /poet/executions/{id}), one string per outcome.
    private static readonly string[] OutcomeNames = BuildOutcomeNames();

    private readonly ConcurrentDictionary<string, FunctionActivity> _functions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private IDisposable? _subscription;

    public ExecutionObserver(TimeProvider time) => _time = time;

    /// <summary>Whether executions are being watched (<see cref="Start"/> was called).</summary>
    public bool IsObserving => Volatile.Read(ref _subscription) is not null;

    /// <summary>When watching started (UTC): the statistics cover no time before it. Null until <see cref="Start"/>.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>
    /// Starts watching (once). From then on every POET call of the process reports its end to this observer: see the
    /// README's figure for what that costs per call.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_subscription is not null)
            {
                return;
            }

            Since = _time.GetUtcNow();
            Volatile.Write(ref _subscription, ExecutionObservers.Add(Observe));
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
            _subscription?.Dispose();
        }
    }

    private void Observe(FinishedExecution call)
    {
        var execution = new ObservedExecution(
            call.Id.Value,
            call.FunctionId,
            call.Version,
            call.StartedAt,
            call.DurationMs,
            OutcomeName(call.Outcome),
            call.Attempts,
            call.Error?.GetType().FullName);
        _functions.GetOrAdd(call.FunctionId, static _ => new FunctionActivity()).Add(execution, _time.GetUtcNow());
    }

    private static string OutcomeName(ExecutionOutcome outcome) =>
        (int)outcome >= 0 && (int)outcome < OutcomeNames.Length ? OutcomeNames[(int)outcome] : "unknown";

    private static string[] BuildOutcomeNames()
    {
        var outcomes = Enum.GetValues<ExecutionOutcome>();
        var names = new string[outcomes.Max(o => (int)o) + 1];
        foreach (var outcome in outcomes)
        {
            var name = outcome.ToString();
            names[(int)outcome] = char.ToLowerInvariant(name[0]) + name[1..];
        }

        return names;
    }
}
