namespace Poet.Remote;

/// <summary>
/// The remote-mode <see cref="IPoetFeedback"/>: sends feedback to the service, which translates it and trains once
/// for every instance. Before posting it sends the buffered execution records, so the service knows the execution.
/// </summary>
internal sealed class RemoteFeedback(
    RemoteServiceClient client,
    RemoteExecutionRecorder recorder,
    RemoteFunctionCatalog catalog,
    ExecutionLinks links,
    RemoteClientOptions options) : IPoetFeedback
{
    /// <inheritdoc />
    public Task<FeedbackOutcome> FeedbackAsync(object result, object? feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result is ExecutionId id)
        {
            return FeedbackAsync(id, feedback, cancellationToken);
        }

        if (links.TryGet(result, out var record))
        {
            return FeedbackAsync(record.Id, feedback, cancellationToken);
        }

        throw new PoetFeedbackException(
            $"This {result.GetType().Name} was not returned by a POET call in this process, so POET cannot tell which execution it came from. " +
            "Pass the object a POET proxy returned, or its execution id: FeedbackAsync(PoetContext.LastExecutionId!.Value, feedback) right after the call " +
            "(value types and strings are never linked).");
    }

    /// <inheritdoc />
    public async Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(executionId.Value))
        {
            throw new PoetFeedbackException("The execution id is empty; use the id of a POET call, e.g. PoetContext.LastExecutionId right after it.");
        }

        // The service must hold the execution before it can take feedback on it: send what is buffered first.
        // Bounded: if the service is down, the post below fails with a clear PoetServiceException.
        using (var flush = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            flush.CancelAfter(options.RequestTimeout);
            try
            {
                await recorder.FlushAsync(flush.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Post anyway: the service answers whether it knows the execution.
            }
        }

        var outcome = await client.FeedbackAsync(executionId, feedback, cancellationToken).ConfigureAwait(false);
        if (outcome.NewVersion is not null)
        {
            catalog.RequestSync(); // this instance uses the new version at once; the others within one poll interval
        }

        return outcome;
    }
}
