namespace Poet.AspNetCore;

/// <summary>One health check.</summary>
public sealed record HealthCheckResponse
{
    /// <summary>What was checked: <c>functions</c> or <c>executions</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>healthy</c>, <c>unhealthy</c> or <c>missing</c> (the service is not registered).</summary>
    public required string Status { get; init; }

    /// <summary>How long the check took, in milliseconds.</summary>
    public required double DurationMs { get; init; }

    /// <summary>What went wrong (details only).</summary>
    public string? Detail { get; init; }
}
