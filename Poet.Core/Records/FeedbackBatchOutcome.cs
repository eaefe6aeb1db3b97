namespace Poet;

/// <summary>What one feedback batch did: per item, and the versions written (one per function at most).</summary>
public sealed record FeedbackBatchOutcome
{
    /// <summary>One entry per item, in the order given.</summary>
    public required IReadOnlyList<FeedbackItemOutcome> Items { get; init; }

    /// <summary>The versions the batch wrote, by function id (a function whose values did not change has none).</summary>
    public IReadOnlyDictionary<string, int> VersionsWritten { get; init; } = new Dictionary<string, int>();

    /// <summary>How many items were applied (translated and given to the trainer).</summary>
    public int Applied => Items.Count(i => i.Status == FeedbackItemStatus.Applied);

    /// <summary>How many items had been applied before (same idempotency key) and were skipped.</summary>
    public int AlreadyApplied => Items.Count(i => i.Status == FeedbackItemStatus.AlreadyApplied);

    /// <summary>How many items were rejected (see <see cref="FeedbackItemOutcome.Error"/>).</summary>
    public int Rejected => Items.Count(i => i.Status == FeedbackItemStatus.Rejected);
}

/// <summary>What happened to one item of a feedback batch.</summary>
public sealed record FeedbackItemOutcome
{
    /// <summary>The item's position in the batch, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Applied, already applied, or rejected.</summary>
    public required FeedbackItemStatus Status { get; init; }

    /// <summary>The outcome (null when rejected). <see cref="FeedbackOutcome.NewVersion"/> is the batch's version when this item moved a value.</summary>
    public FeedbackOutcome? Outcome { get; init; }

    /// <summary>Why the item was rejected, and how to fix it.</summary>
    public string? Error { get; init; }
}

/// <summary>The fate of one item of a feedback batch.</summary>
public enum FeedbackItemStatus
{
    /// <summary>Translated and given to the trainer.</summary>
    Applied,

    /// <summary>Feedback with the same idempotency key was applied before (or earlier in the batch); nothing was applied again.</summary>
    AlreadyApplied,

    /// <summary>Not applied: unknown execution, a key used for another execution, or a store error.</summary>
    Rejected,
}
