namespace Poet.AspNetCore;

/// <summary>Why a version was written.</summary>
public sealed record VersionReasonResponse
{
    /// <summary><c>initial</c>, <c>feedback</c> or <c>rollback</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The feedback ids that produced the version.</summary>
    public required IReadOnlyList<string> FeedbackIds { get; init; }

    /// <summary>A human explanation.</summary>
    public required string Rationale { get; init; }
}
