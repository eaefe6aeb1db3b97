namespace Poet.AspNetCore;

/// <summary>
/// How one POET function runs and learns (<c>GET /poet/stats</c>, <c>GET /poet/functions/{id}/stats</c>): its current
/// version and values, its calls over the last hour as seen by this process, and its feedback.
/// </summary>
public sealed record FunctionStatsResponse
{
    /// <summary>The function id.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The version calls run with now.</summary>
    public required int CurrentVersion { get; init; }

    /// <summary>How many versions have been written.</summary>
    public required int VersionCount { get; init; }

    /// <summary>The current version's learned parameter values, by parameter name.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>The length of the window of <see cref="Calls"/>, <see cref="Errors"/> and the durations, in minutes (60).</summary>
    public required int WindowMinutes { get; init; }

    /// <summary>
    /// When this process started counting (UTC): calls before it, and calls made by other processes that share the
    /// store, are not counted. Null when executions are not watched (the dashboard is turned off).
    /// </summary>
    public DateTimeOffset? ObservedSince { get; init; }

    /// <summary>Calls that ended in the window; null when executions are not watched (the dashboard is turned off).</summary>
    public long? Calls { get; init; }

    /// <summary>
    /// Of those, calls that did not succeed (rejected, failed, timed out, cancelled or enforcement failed); null when
    /// executions are not watched.
    /// </summary>
    public long? Errors { get; init; }

    /// <summary><see cref="Errors"/> / <see cref="Calls"/>, or null without calls.</summary>
    public double? ErrorRate { get; init; }

    /// <summary>The median duration in milliseconds (within 5 %), or null without calls.</summary>
    public double? P50Ms { get; init; }

    /// <summary>The 99th percentile duration in milliseconds (within 5 %), or null without calls.</summary>
    public double? P99Ms { get; init; }

    /// <summary>How many feedback records the store holds for the function.</summary>
    public required int FeedbackCount { get; init; }

    /// <summary>When the latest feedback arrived (UTC), or null without feedback.</summary>
    public DateTimeOffset? LastFeedbackAt { get; init; }
}
