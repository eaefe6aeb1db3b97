namespace Poet;

/// <summary>
/// One piece of feedback as stored in <c>.poet/feedback/</c>: the raw payload verbatim, its normalized form,
/// the learning signal it was translated to and the version it produced.
/// </summary>
public sealed record FeedbackRecord
{
    /// <summary>The feedback's id (same format as an execution id; <see cref="FeedbackKeys.IdFor"/> of its key).</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The idempotency key: given by the sender or derived from the execution id and the payload
    /// (<see cref="FeedbackKeys"/>); null on records written before keys existed.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The execution the feedback is about.</summary>
    public required ExecutionId ExecutionId { get; init; }

    /// <summary>The function the execution belongs to.</summary>
    public required string FunctionId { get; init; }

    /// <summary>When the feedback arrived (UTC).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The raw payload serialized as JSON, verbatim (possibly truncated, see <see cref="RawTruncated"/>).</summary>
    public string RawJson { get; init; } = "null";

    /// <summary>Whether <see cref="RawJson"/> was truncated because the payload was too large.</summary>
    public bool RawTruncated { get; init; }

    /// <summary>The size of the full raw payload as JSON, in characters.</summary>
    public long RawSize { get; init; }

    /// <summary>
    /// Why <see cref="RawJson"/> is not the whole payload (<see cref="RawTruncated"/>): what was cut or replaced by a
    /// <c>$poet</c> marker and which bound applied (size, items, depth, a task, a lazy sequence, the read time); null
    /// when nothing was cut or the reason is not known.
    /// </summary>
    public string? RawTruncatedReason { get; init; }

    /// <summary>The normalized payload.</summary>
    public NormalizedFeedback? Normalized { get; init; }

    /// <summary>The learning signal the payload was translated to.</summary>
    public LearningSignal? Signal { get; init; }

    /// <summary>The version this feedback produced, if training wrote one.</summary>
    public int? ProducedVersion { get; init; }

    /// <summary>The parameter changes applied.</summary>
    public IReadOnlyList<ParameterChange> Changes { get; init; } = [];
}
