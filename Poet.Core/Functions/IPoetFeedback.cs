namespace Poet;

/// <summary>Sends feedback on a POET result; the function learns from it and may write a new version.</summary>
public interface IPoetFeedback
{
    /// <summary>Feedback on a result object returned by a POET call.</summary>
    /// <param name="result">The object a POET call returned (for value types or shared objects use the id overload).</param>
    /// <param name="feedback">Anything: text, a rating, a boolean, JSON, an object, a dictionary, an exception, null.</param>
    /// <param name="cancellationToken">Cancels the feedback.</param>
    /// <returns>What the feedback was translated to and what changed.</returns>
    /// <exception cref="PoetFeedbackException">The result is not linked to a POET execution.</exception>
    Task<FeedbackOutcome> FeedbackAsync(object result, object? feedback, CancellationToken cancellationToken = default);

    /// <summary>Feedback on the execution with the given id.</summary>
    /// <param name="executionId">The execution's id (see <see cref="PoetContext.LastExecutionId"/>).</param>
    /// <param name="feedback">Anything: text, a rating, a boolean, JSON, an object, a dictionary, an exception, null.</param>
    /// <param name="cancellationToken">Cancels the feedback.</param>
    /// <returns>What the feedback was translated to and what changed.</returns>
    /// <exception cref="PoetFeedbackException">No execution with that id is recorded.</exception>
    Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, CancellationToken cancellationToken = default);

    /// <summary>Feedback on the execution with the given id, with an idempotency key or a receive time.</summary>
    /// <param name="executionId">The execution's id (see <see cref="PoetContext.LastExecutionId"/>).</param>
    /// <param name="feedback">Anything: text, a rating, a boolean, JSON, an object, a dictionary, an exception, null.</param>
    /// <param name="options">The idempotency key (feedback with a key already applied is not applied again) and when the feedback was given.</param>
    /// <param name="cancellationToken">Cancels the feedback.</param>
    /// <returns>What the feedback was translated to and what changed; <see cref="FeedbackOutcome.AlreadyApplied"/> for a repeat.</returns>
    /// <exception cref="PoetFeedbackException">No execution with that id is recorded.</exception>
    /// <exception cref="ArgumentException">The key is not valid, or was already used for feedback on another execution.</exception>
    Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, FeedbackOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Feedback in a batch (delayed feedback from a ticket system or a labelling session): the signals are applied in
    /// order to each function's trainer state, with the same bounds and step limits as single feedback, and each
    /// function gets at most one new version that lists the feedback ids it used. Items already applied (same
    /// idempotency key) are skipped; a bad item (unknown execution, a key used for another execution) is rejected
    /// without stopping the rest.
    /// </summary>
    /// <param name="items">The feedback, in the order it was given.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>What happened to each item, and the versions written.</returns>
    Task<FeedbackBatchOutcome> FeedbackBatchAsync(IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken = default);
}
