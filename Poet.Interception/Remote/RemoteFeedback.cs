namespace Poet.Remote;

/// <summary>
/// The remote-mode <see cref="IPoetFeedback"/>: sends feedback to the service, which translates it and trains once
/// for every instance. Before posting it sends the buffered execution records, so the service knows the execution.
/// </summary>
internal sealed partial class RemoteFeedback(
    RemoteServiceClient client,
    RemoteExecutionRecorder recorder,
    RemoteFunctionCatalog catalog,
    ExecutionLinks links,
    RemoteConnectionMonitor monitor,
    RemoteClientOptions options) : IPoetFeedback
{
    private static readonly FeedbackOptions NoOptions = new();

    /// <inheritdoc />
    public Task<FeedbackOutcome> FeedbackAsync(object result, object? feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result is ExecutionId id)
        {
            return FeedbackAsync(id, feedback, cancellationToken);
        }

        if (links.TryGet(result, out var linked))
        {
            return FeedbackAsync(linked, feedback, cancellationToken);
        }

        throw new PoetFeedbackException(
            $"This {result.GetType().Name} was not returned by a POET call in this process (a method with [Poet], on the method or its interface, " +
            "of a service registered with EnablePoet(); [Learnable] alone is not enough), so POET cannot tell which execution it came from. " +
            "Pass the object a POET proxy returned, or its execution id: FeedbackAsync(PoetContext.LastExecutionId!.Value, feedback) right after the call " +
            "(value types and strings are never linked).");
    }

    /// <inheritdoc />
    public Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, CancellationToken cancellationToken = default) =>
        FeedbackAsync(executionId, feedback, NoOptions, cancellationToken);

    /// <inheritdoc />
    public async Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, FeedbackOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(executionId.Value))
        {
            throw new PoetFeedbackException("The execution id is empty; use the id of a POET call, e.g. PoetContext.LastExecutionId right after it.");
        }

        // The service must hold the execution before it can take feedback on it: send what is buffered first.
        // Bounded, and skipped during a known outage or a refused key so the post below fails fast with a clear PoetServiceException.
        if (!monitor.IsFailing)
        {
            await FlushAsync(stopOnOutage: true, cancellationToken).ConfigureAwait(false);
        }

        FeedbackOutcome outcome;
        try
        {
            outcome = await client.FeedbackAsync(executionId, feedback, options, cancellationToken).ConfigureAwait(false);
        }
        catch (PoetFeedbackException) when (!cancellationToken.IsCancellationRequested)
        {
            // The service answered (so it is up) but does not know the execution: it may still be in this instance's
            // buffer or on its way (the flush above was skipped during an outage, or cut short when another request
            // reported a failure meanwhile, such as a catalog poll sent while the service restarted). Send everything
            // buffered, waiting for it whatever other requests report (at most RequestTimeout), and ask once more:
            // feedback is idempotent, so asking twice never applies it twice. An id the service really does not
            // know fails the second time with the service's message. (This asked again only when records looked
            // pending, and a record the writer had taken from the queue but not yet started sending looked sent.)
            monitor.ReportSuccess();
            await FlushAsync(stopOnOutage: false, cancellationToken).ConfigureAwait(false);
            outcome = await client.FeedbackAsync(executionId, feedback, options, cancellationToken).ConfigureAwait(false);
        }

        if (outcome.NewVersion is not null)
        {
            catalog.RequestSync(); // this instance uses the new version at once; the others within one poll interval
        }

        return outcome;
    }

    /// <summary>Sends what is buffered and waits until the service stored it, at most <see cref="RemoteClientOptions.RequestTimeout"/>.</summary>
    /// <param name="stopOnOutage">Stop waiting as soon as a request reports the service down or the key refused.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private async Task FlushAsync(bool stopOnOutage, CancellationToken cancellationToken)
    {
        using var flush = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        flush.CancelAfter(options.RequestTimeout);
        var flushed = recorder.FlushAsync(flush.Token);
        try
        {
            // Stop waiting as soon as an outage or a refused key is known (when asked to): the post then fails fast and says why.
            while (!flushed.IsCompleted && !(stopOnOutage && monitor.IsFailing))
            {
                await Task.WhenAny(flushed, Task.Delay(20, flush.Token)).ConfigureAwait(false);
            }

            await flush.CancelAsync().ConfigureAwait(false);
            await flushed.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Post anyway: the service answers whether it knows the execution.
        }
    }
}
