namespace Poet;

/// <summary>
/// One version of a POET function (<c>metadata.json</c>): its learned parameter values, the trainer state, and
/// why it was written.
/// </summary>
public sealed record FunctionVersion
{
    /// <summary>The original function id (folder names may be mapped to be safe file names).</summary>
    public required string FunctionId { get; init; }

    /// <summary>The version number, from 1.</summary>
    public required int Version { get; init; }

    /// <summary>The version this one was derived from (null for version 1).</summary>
    public int? Parent { get; init; }

    /// <summary>When it was written (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Learned parameter values by name.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Trainer state per parameter (Rprop step and last direction).</summary>
    public IReadOnlyDictionary<string, TrainerState> Trainer { get; init; } = new Dictionary<string, TrainerState>();

    /// <summary>Why this version exists.</summary>
    public VersionReason Reason { get; init; } = new();
}

/// <summary>The Rprop state of one learnable parameter.</summary>
/// <param name="Step">The current step size.</param>
/// <param name="LastDirection">The direction of the last update: -1, 0 or +1.</param>
public sealed record TrainerState(double Step, int LastDirection);

/// <summary>Why a version was written.</summary>
public sealed record VersionReason
{
    /// <summary><c>initial</c>, <c>feedback</c> or <c>rollback</c>.</summary>
    public string Kind { get; init; } = "initial";

    /// <summary>The feedback ids that produced the version.</summary>
    public IReadOnlyList<string> FeedbackIds { get; init; } = [];

    /// <summary>A human explanation (the signal's rationale).</summary>
    public string Rationale { get; init; } = string.Empty;
}
