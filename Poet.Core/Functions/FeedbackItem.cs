namespace Poet;

/// <summary>One feedback of a batch (see <see cref="IPoetFeedback.FeedbackBatchAsync"/>): delayed feedback from a ticket system or a labelling session.</summary>
/// <param name="ExecutionId">The execution the feedback is about.</param>
/// <param name="Feedback">Anything: text, a rating, a boolean, JSON.</param>
public sealed record FeedbackItem(ExecutionId ExecutionId, object? Feedback)
{
    /// <summary>The idempotency key (a row's <c>feedback_id</c>); null derives one from the execution id and the payload.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>When the feedback was given; null = now.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
}
