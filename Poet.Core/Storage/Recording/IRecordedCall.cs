namespace Poet;

/// <summary>
/// A call's record as the interceptor hands it over: the call object itself (ids, timings, and references to the
/// arguments and the result), which the recorder's writer serializes with writers compiled per method and then
/// releases. Nothing is serialized, copied into dictionaries or boxed on the caller's thread.
/// </summary>
internal interface IRecordedCall : IExecutionParts
{
    /// <summary>When the call finished (a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> value): when it is handed over.</summary>
    long FinishedAt { get; }

    /// <summary>Called once by the writer after the record is written (or dropped): the call may forget its references.</summary>
    void Release();
}

/// <summary>A recorder that takes calls directly (<see cref="ExecutionRecorder"/> and the stores built on it).</summary>
internal interface ICallRecorder
{
    /// <summary>Hands a call over; never blocks in <see cref="RecordingOverflowMode.Drop"/> mode.</summary>
    /// <param name="call">The call.</param>
    /// <returns><see langword="false"/> when it was dropped.</returns>
    bool TryRecord(IRecordedCall call);
}
