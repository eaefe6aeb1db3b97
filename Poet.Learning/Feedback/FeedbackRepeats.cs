namespace Poet.Feedback;

/// <summary>Recognizes feedback delivered again (same idempotency key) and answers it with what the first delivery did.</summary>
internal static class FeedbackRepeats
{
    /// <summary>The record of feedback with this key that was already applied, or null when it is new.</summary>
    /// <param name="store">The feedback store.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="execution">The execution the new delivery is about.</param>
    /// <param name="derived">
    /// The key was derived from the execution id and the payload (<see cref="FeedbackKeys.Derive"/>): it can only name
    /// feedback on the execution's function, so only that function's feedback is searched. A key the sender gave is
    /// searched store-wide (it may have been used on another function's execution).
    /// </param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The applied record, or null (also when a first delivery stopped before it was translated: it is applied now).</returns>
    /// <exception cref="ArgumentException">The key was used for feedback on another execution.</exception>
    public static async Task<FeedbackRecord?> FindAppliedAsync(IFeedbackStore store, string key, ExecutionRecord execution, bool derived, CancellationToken cancellationToken)
    {
        var executionId = execution.Id;
        var existing = derived
            ? await store.FindByIdempotencyKeyAsync(execution.FunctionId, key, cancellationToken).ConfigureAwait(false)
            : await store.FindByIdempotencyKeyAsync(key, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return null;
        }

        return existing.ExecutionId != executionId
            ? throw Conflict(key, existing.ExecutionId, executionId)
            : existing.Signal is null ? null : existing;
    }

    /// <summary>The error for a key reused on another execution (its parameter name is <c>idempotencyKey</c>).</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="first">The execution the key was first used for.</param>
    /// <param name="now">The execution it is used for now.</param>
    /// <returns>The exception to throw.</returns>
    public static ArgumentException Conflict(string idempotencyKey, ExecutionId first, ExecutionId now) => new(
        $"The idempotency key '{idempotencyKey}' was already used for feedback on execution {first}, not {now}: give each feedback its own key " +
        "(a ticket or row id), or none to derive one from the execution id and the payload.", nameof(idempotencyKey));

    /// <summary>The outcome of a repeated delivery: what the first delivery did, marked as already applied.</summary>
    /// <param name="record">The applied record.</param>
    /// <returns>The outcome.</returns>
    public static FeedbackOutcome Outcome(FeedbackRecord record) => new()
    {
        ExecutionId = record.ExecutionId,
        FunctionId = record.FunctionId,
        Signal = record.Signal!,
        NewVersion = record.ProducedVersion,
        Changes = record.Changes,
        AlreadyApplied = true,
        FeedbackId = record.Id,
    };
}
