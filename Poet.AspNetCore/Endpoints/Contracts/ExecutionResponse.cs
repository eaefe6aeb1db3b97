using System.Text.Json;

namespace Poet.AspNetCore;

/// <summary>One recorded execution (<c>GET /poet/executions/{id}</c>); sensitive values are redacted.</summary>
public sealed record ExecutionResponse
{
    /// <summary>The execution id.</summary>
    public required string Id { get; init; }

    /// <summary>The function id.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The function version the call ran with.</summary>
    public required int Version { get; init; }

    /// <summary>When the call started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Duration of the whole call, all attempts included, in milliseconds.</summary>
    public required double DurationMs { get; init; }

    /// <summary>Attempts made.</summary>
    public required int Attempts { get; init; }

    /// <summary>
    /// How the call ended: <c>success</c>, <c>rejected</c>, <c>failed</c>, <c>timedOut</c>, <c>cancelled</c> or <c>enforcementFailed</c>.
    /// </summary>
    public required string Outcome { get; init; }

    /// <summary>The arguments by parameter name; <c>[Sensitive]</c> ones (and names that look like secrets) are redacted.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Arguments { get; init; }

    /// <summary>The learned parameter values the call received.</summary>
    public required IReadOnlyDictionary<string, double> LearnedParameters { get; init; }

    /// <summary>The result (null for void methods and failures).</summary>
    public JsonElement? Result { get; init; }

    /// <summary>The error when the call did not succeed.</summary>
    public ExecutionError? Error { get; init; }
}
