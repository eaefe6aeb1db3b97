namespace Poet;

/// <summary>What one call of <see cref="IPoetFeedback.FeedbackAsync(object, object?, CancellationToken)"/> did.</summary>
public sealed record FeedbackOutcome
{
    /// <summary>The execution the feedback was about.</summary>
    public required ExecutionId ExecutionId { get; init; }

    /// <summary>The function the execution belongs to.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The learning signal the feedback was translated to.</summary>
    public required LearningSignal Signal { get; init; }

    /// <summary>The version written by this feedback, or null when nothing changed.</summary>
    public int? NewVersion { get; init; }

    /// <summary>The parameter changes in <see cref="NewVersion"/>.</summary>
    public IReadOnlyList<ParameterChange> Changes { get; init; } = [];

    /// <summary>
    /// True when feedback with the same idempotency key had already been applied: nothing was applied again, and the
    /// outcome repeats what the first delivery did.
    /// </summary>
    public bool AlreadyApplied { get; init; }

    /// <summary>The feedback's id (see <see cref="FeedbackKeys.IdFor"/>); null when the sender did not report it.</summary>
    public string? FeedbackId { get; init; }

    /// <summary>
    /// Bounds that capped learning from this feedback, each as a message that says what to change, for example
    /// <c>threshold is at its maximum 20; raise [Learnable(Max)] to learn further</c>. Empty when no bound got in the way.
    /// </summary>
    public IReadOnlyList<string> BoundsReached { get; init; } = [];
}
