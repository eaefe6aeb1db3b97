namespace Poet;

/// <summary>How one feedback is delivered (see <see cref="IPoetFeedback.FeedbackAsync(ExecutionId, object?, FeedbackOptions, CancellationToken)"/>).</summary>
public sealed record FeedbackOptions
{
    /// <summary>
    /// Names this feedback so that delivering it again (a retry after a lost response, a re-imported file) applies it
    /// once: a ticket id, a row id, a GUID kept with the request. Null derives the key from the execution id and the
    /// payload, so the same payload on the same execution counts once.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>When the feedback was given (delayed feedback from a ticket system); null = now.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
}
