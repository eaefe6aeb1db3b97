namespace Poet.Cli.Backends;

/// <summary>Where <c>poet</c> works: a local store folder or a POET service.</summary>
internal interface IPoetBackend : IAsyncDisposable
{
    /// <summary>Says where, for messages: <c>store /path/.poet</c> or <c>service http://...</c>.</summary>
    string Description { get; }

    /// <summary>Every function with its current version and learned values.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The functions, ordered by id.</returns>
    Task<IReadOnlyList<FunctionRow>> ListFunctionsAsync(CancellationToken cancellationToken);

    /// <summary>One function with all its versions.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The function.</returns>
    /// <exception cref="CliException">Not found (exit code 2).</exception>
    Task<FunctionDetails> GetFunctionAsync(string functionId, CancellationToken cancellationToken);

    /// <summary>Makes a version current again.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the version is current.</returns>
    Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken);

    /// <summary>Sends one feedback.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="feedback">The payload.</param>
    /// <param name="options">Idempotency key and receive time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the feedback did.</returns>
    Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, FeedbackOptions options, CancellationToken cancellationToken);

    /// <summary>Applies a batch of feedback (one version per function at most).</summary>
    /// <param name="items">The batch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What each item did.</returns>
    Task<FeedbackBatchOutcome> FeedbackBatchAsync(IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken);
}
