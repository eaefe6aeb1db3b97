namespace Poet.AspNetCore;

/// <summary>One POET function in <c>GET /poet/functions</c>.</summary>
public sealed record FunctionSummaryResponse
{
    /// <summary>The function id, for example <c>IDriftDetector.Detect</c>.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The version calls run with now.</summary>
    public required int CurrentVersion { get; init; }

    /// <summary>The current version's learned parameter values, by parameter name.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>How many versions have been written.</summary>
    public required int VersionCount { get; init; }
}
