namespace Poet;

/// <summary>
/// Takes execution records off the interceptor's hot path. Implementations must never block and never throw:
/// a full buffer drops the record and counts it.
/// </summary>
public interface IExecutionRecorder
{
    /// <summary>Hands a record over for durable storage.</summary>
    /// <param name="record">The execution record.</param>
    /// <returns><see langword="false"/> when the record was dropped (buffer full or recorder closed).</returns>
    bool TryRecord(ExecutionRecord record);
}
