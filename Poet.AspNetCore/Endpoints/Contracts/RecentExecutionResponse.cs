namespace Poet.AspNetCore;

/// <summary>
/// One recent execution of a function (<c>GET /poet/functions/{id}/executions</c>); <c>GET /poet/executions/{id}</c>
/// gives its arguments and result.
/// </summary>
public sealed record RecentExecutionResponse
{
    /// <summary>The execution id.</summary>
    public required string Id { get; init; }

    /// <summary>The function version the call ran with.</summary>
    public required int Version { get; init; }

    /// <summary>When the call started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Duration of the whole call, all attempts included, in milliseconds.</summary>
    public required double DurationMs { get; init; }

    /// <summary>
    /// How the call ended: <c>success</c>, <c>rejected</c>, <c>failed</c>, <c>timedOut</c>, <c>cancelled</c> or <c>enforcementFailed</c>.
    /// </summary>
    public required string Outcome { get; init; }

    /// <summary>Attempts made.</summary>
    public required int Attempts { get; init; }

    /// <summary>The exception type when the call did not succeed.</summary>
    public string? ErrorType { get; init; }
}
