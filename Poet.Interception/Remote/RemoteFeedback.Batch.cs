namespace Poet.Remote;

/// <summary>Feedback batches in remote mode: the service applies each item idempotently.</summary>
internal sealed partial class RemoteFeedback
{
    /// <inheritdoc />
    /// <remarks>
    /// Items are posted one by one with their idempotency keys, so a batch that is sent again (after a failure) applies
    /// nothing twice; the service may write one version per item. For one version per batch over a service, post to
    /// <c>POST /poet/feedback/batch</c> (what <c>poet import --service</c> does).
    /// </remarks>
    public async Task<FeedbackBatchOutcome> FeedbackBatchAsync(IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new List<FeedbackItemOutcome>(items.Count);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            try
            {
                var outcome = await FeedbackAsync(item.ExecutionId, item.Feedback,
                    new FeedbackOptions { IdempotencyKey = item.IdempotencyKey, ReceivedAt = item.ReceivedAt }, cancellationToken).ConfigureAwait(false);
                results.Add(new FeedbackItemOutcome
                {
                    Index = i,
                    Status = outcome.AlreadyApplied ? FeedbackItemStatus.AlreadyApplied : FeedbackItemStatus.Applied,
                    Outcome = outcome,
                });
                if (!outcome.AlreadyApplied && outcome.NewVersion is { } version)
                {
                    versions[outcome.FunctionId] = version;
                }
            }
            catch (Exception ex) when (ex is PoetFeedbackException or ArgumentException)
            {
                results.Add(new FeedbackItemOutcome { Index = i, Status = FeedbackItemStatus.Rejected, Error = ex.Message });
            }
        }

        return new FeedbackBatchOutcome { Items = results, VersionsWritten = versions };
    }
}
