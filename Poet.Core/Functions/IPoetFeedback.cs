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
}
