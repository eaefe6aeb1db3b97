using System.Collections.Concurrent;

namespace Poet;

/// <summary>
/// Re-runs a replayable function (<see cref="PoetAttribute.Replayable"/>) on an execution's recorded arguments with other
/// learned values, returning the result it would have produced; null when the replay could not run.
/// </summary>
/// <param name="execution">The recorded execution.</param>
/// <param name="learned">The learned values to use instead of the recorded ones (missing names keep the recorded value).</param>
/// <returns>The replayed result, or null.</returns>
internal delegate object? FunctionReplay(ExecutionRecord execution, IReadOnlyDictionary<string, double> learned);

/// <summary>
/// The replayable functions of a container by function id: the interceptor registers a function once it has served a call
/// (the replay runs on the implementation that served the latest call, never through the proxy, so nothing is recorded);
/// learning uses it to check candidate values against the labelled executions.
/// </summary>
internal sealed class FunctionReplays
{
    private readonly ConcurrentDictionary<string, FunctionReplay> _replays = new(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) the replay of <paramref name="functionId"/>.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="replay">The replay.</param>
    public void Register(string functionId, FunctionReplay replay) => _replays[functionId] = replay;

    /// <summary>The replay of <paramref name="functionId"/>, or null when the function is not replayable or has not served a call yet.</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The replay, or null.</returns>
    public FunctionReplay? Find(string functionId) => _replays.TryGetValue(functionId, out var replay) ? replay : null;
}
