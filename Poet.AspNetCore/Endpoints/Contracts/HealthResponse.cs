namespace Poet.AspNetCore;

/// <summary>
/// <c>GET /poet/health</c>: 200 when healthy, 503 when not. Anyone sees the status and the checks' names and
/// states; callers allowed to read (the API key, or open reads) also see details, counts and functions.
/// </summary>
public sealed record HealthResponse
{
    /// <summary><c>healthy</c> or <c>unhealthy</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The POET library's version.</summary>
    public required string PoetVersion { get; init; }

    /// <summary>When the checks ran (UTC).</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>The checks: the function store and the execution store.</summary>
    public required IReadOnlyList<HealthCheckResponse> Checks { get; init; }

    /// <summary>How many functions and versions the store holds (details only).</summary>
    public HealthCountsResponse? Counts { get; init; }

    /// <summary>Each function's current version (details only).</summary>
    public IReadOnlyList<FunctionSummaryResponse>? Functions { get; init; }
}
