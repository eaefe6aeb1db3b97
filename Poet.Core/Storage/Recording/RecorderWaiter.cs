namespace Poet;

/// <summary>
/// Someone waiting for the recorder's writer: a flush (<see cref="IExecutionStore.FlushAsync"/>) or a batch appended
/// durably (<see cref="IExecutionStore.AppendAsync"/>). Completed once everything queued before it is written.
/// </summary>
internal sealed class RecorderWaiter
{
    /// <summary>Creates a waiter.</summary>
    /// <param name="records">Records to write with it (an append), or null (a flush).</param>
    /// <param name="durable">Whether the batch must reach stable storage first.</param>
    public RecorderWaiter(IReadOnlyList<ExecutionRecord>? records, bool durable)
    {
        Records = records;
        Durable = durable;
    }

    /// <summary>The records to append, or null.</summary>
    public IReadOnlyList<ExecutionRecord>? Records { get; }

    /// <summary>Executions received as JSON lines (the remote clients' compact batch), written with the records.</summary>
    public IReadOnlyList<RawExecutionLine>? Lines { get; init; }

    /// <summary>Whether the batch must reach stable storage first.</summary>
    public bool Durable { get; }

    /// <summary>How many records the recorder had accepted when the waiter came (set by the recorder): those are written first.</summary>
    public long Ticket { get; set; }

    /// <summary>Completed when written.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
