using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// POET's background recorder over any execution store (<see cref="IExecutionBatchSink"/>): calls hand their records
/// over without waiting for any I/O, and one background writer thread serializes them into pooled UTF-8 buffers and
/// hands them to the store a batch at a time.
/// </summary>
/// <remarks>
/// <para>The queue holds at most <see cref="PoetOptions.RecorderCapacity"/> records. When it is full,
/// <see cref="PoetOptions.RecordingOverflow"/> decides: <see cref="RecordingOverflowMode.Drop"/> drops the record, counts
/// it in <c>poet.records.dropped</c> (<see cref="DroppedCount"/>) and logs the drops at most once a minute;
/// <see cref="RecordingOverflowMode.Block"/> makes the caller wait for room (and keeps the queue to two writer batches,
/// <see cref="BlockCapacity"/> records, so queued calls do not pile up as garbage-collector survivors). Disposal writes
/// everything accepted.</para>
/// <para>The writer takes whatever is queued as soon as it arrives, so what a crash can lose is what was accepted during
/// the last batch's serialization and write (milliseconds at the rated load; see the README's crash figures). It is also
/// bounded by time: a record is not accepted while the oldest waiting record is older than
/// <see cref="PoetOptions.RecordingMaxDelay"/> (treated like a full queue), so a SIGKILL loses at most the records of
/// that last moment.</para>
/// <para>A record is findable by id (<see cref="FindAsync"/>) right after the call: a lookup that misses waits for the
/// writer to write what is queued, then asks the store again.</para>
/// </remarks>
public sealed class ExecutionRecorder : IExecutionStore, ICallRecorder, IExecutionLineStore, IStoreHealth, IAsyncDisposable
{
    /// <summary>How long the writer may hold queued records without taking any before health reports it stalled.</summary>
    internal static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(30);

    private const long WriterIdle = long.MaxValue;

    /// <summary>The value of <see cref="_pendingSince"/> when every accepted record has been handed to the store.</summary>
    private const long NothingPending = long.MaxValue;
    private const int MaxBatchRecords = 4096;

    /// <summary>How long a caller waiting for room sleeps before it checks again without a signal (a safety net: the writer signals every change).</summary>
    private const int RoomRecheckMs = 100;
    private const int MaxBatchBytes = 4 << 20;

    /// <summary>The most records queued in <see cref="RecordingOverflowMode.Block"/> mode (two writer batches).</summary>
    internal const int BlockCapacity = 2 * MaxBatchRecords;
    private static readonly long TickInterval = Stopwatch.Frequency;

    /// <summary>How long the writer naps (polls every millisecond, needing no wake-up) after its last work before it sleeps deeply.</summary>
    private static readonly long NapFor = Stopwatch.Frequency / 20;
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromMinutes(1);

    private readonly IExecutionBatchSink _sink;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly bool _block;
    private readonly RecordedValueLimits _limits;
    private readonly long _maxDelay;

    /// <summary>The accepted records (calls and whole records), in order; allocated once, at the capacity.</summary>
    private readonly BoundedRing<object> _ring;

    /// <summary>Flushes and durable appends, each completed once the records accepted before it are written (under its own lock: rare).</summary>
    private readonly Queue<RecorderWaiter> _waiters = new();

    /// <summary>Wakes the writer. No spinning before a wait: the writer's naps are 1 ms timed waits that nobody signals,
    /// and spinning (yielding) before each of them took a few percent of a core from the app.</summary>
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);

    /// <summary>
    /// Callers waiting for room (Block mode) wait on this monitor; the writer pulses it when it made room (after taking
    /// a batch from the queue and after writing it) or closed. No spinning and no polling: on a small machine every
    /// wake-up of a waiting caller is CPU taken from the writer and the store.
    /// </summary>
    private readonly object _room = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread? _thread;
    private readonly RepeatedFailureLog _writeFailures;
    private readonly RepeatedFailureLog _tickFailures;
    private int _queued;
    private int _waiting;
    private int _sleeping;
    private int _blocked;
    private int _closed;
    private int _disposing;
    private long _progressAt = Stopwatch.GetTimestamp();

    /// <summary>
    /// A <see cref="Stopwatch"/> timestamp no later than the acceptance of every record not yet handed to the store, or
    /// <see cref="NothingPending"/>. The writer advances it when it has taken everything queued; the first caller after
    /// the writer went idle sets it.
    /// </summary>
    private long _pendingSince = NothingPending;

    /// <summary>When the last call the writer took was handed over (writer thread only).</summary>
    private long _lastTakenAt;
    private long _roomWakeUps;
    private long _dropped;
    private long _droppedReported;
    private long _lastDropReport;

    /// <summary>Creates the recorder and starts its writer thread.</summary>
    /// <param name="sink">The store the batches go to.</param>
    /// <param name="options">Capacity, overflow policy and recorded value limits.</param>
    /// <param name="loggerFactory">Where write failures and drops are reported; null for none.</param>
    public ExecutionRecorder(IExecutionBatchSink sink, PoetOptions options, ILoggerFactory? loggerFactory = null)
        : this(sink, options, loggerFactory, startWriter: true)
    {
    }

    /// <summary>Creates the recorder; tests may leave the writer stopped to fill the queue deterministically.</summary>
    internal ExecutionRecorder(IExecutionBatchSink sink, PoetOptions options, ILoggerFactory? loggerFactory, bool startWriter)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.RecordingOverflow))
        {
            throw new ArgumentException(
                $"PoetOptions.RecordingOverflow is {(int)options.RecordingOverflow}, which is not a RecordingOverflowMode: use RecordingOverflowMode.Drop or RecordingOverflowMode.Block.",
                nameof(options));
        }

        _sink = sink;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Poet.Recorder");
        _writeFailures = new RepeatedFailureLog(_logger, "writing execution records to the store", DropReportInterval);
        _tickFailures = new RepeatedFailureLog(_logger, "the execution store's periodic work", DropReportInterval);
        _block = options.RecordingOverflow == RecordingOverflowMode.Block;

        // Block mode drops nothing, so a deep queue buys nothing: it only keeps each queued call's objects alive through
        // garbage collections (promoted and copied, paid by the caller). Two writer batches keep the writer busy.
        _capacity = _block ? Math.Clamp(options.RecorderCapacity, 1, BlockCapacity) : Math.Max(1, options.RecorderCapacity);
        _ring = new BoundedRing<object>(_capacity);
        _limits = RecordedValueLimits.From(options);
        _maxDelay = options.RecordingMaxDelay is { } maxDelay && maxDelay > TimeSpan.Zero
            ? Math.Max(1, (long)(maxDelay.TotalSeconds * Stopwatch.Frequency))
            : long.MaxValue;
        _lastDropReport = Stopwatch.GetTimestamp() - (long)(DropReportInterval.TotalSeconds * Stopwatch.Frequency);
        if (startWriter)
        {
            _thread = new Thread(RunWriter) { IsBackground = true, Name = "POET recorder" };
            _thread.Start();
        }
        else
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Records dropped since the recorder started (buffer full, closed, or the store failed to write them).</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Records accepted and not yet handed to the store.</summary>
    public int QueuedCount => Volatile.Read(ref _queued);

    /// <summary>How many times callers waiting for room (Block mode) went to sleep: about twice per batch the writer takes, plus one per 100 ms without one.</summary>
    internal long RoomWakeUps => Interlocked.Read(ref _roomWakeUps);

    /// <inheritdoc />
    public string? HealthProblem() => HealthProblem(Stopwatch.GetTimestamp());

    /// <summary>What keeps the recorder from recording at <paramref name="now"/>, or null when it records.</summary>
    /// <param name="now">A <see cref="Stopwatch.GetTimestamp"/> value (tests pass a later one).</param>
    /// <returns>The problem, or null.</returns>
    internal string? HealthProblem(long now)
    {
        if (_thread is not null && _stopped.Task.IsCompleted && Volatile.Read(ref _disposing) == 0)
        {
            return "The execution recorder's writer has stopped; records are dropped (see the critical log entry).";
        }

        var queued = Volatile.Read(ref _queued);
        var progressAt = Interlocked.Read(ref _progressAt);
        if (queued <= 0 || progressAt == WriterIdle)
        {
            return null;
        }

        var stalledFor = TimeSpan.FromSeconds((double)(now - progressAt) / Stopwatch.Frequency);
        return stalledFor < StallAfter
            ? null
            : $"The execution recorder's writer has made no progress for {stalledFor.TotalSeconds:0} s with {queued} record(s) queued; records are not being written.";
    }

    /// <inheritdoc />
    public bool TryRecord(ExecutionRecord record) => TryRecord(record, Stopwatch.GetTimestamp());

    /// <summary>Hands a record over as if at <paramref name="now"/> (tests set the clock).</summary>
    /// <param name="record">The record.</param>
    /// <param name="now">A <see cref="Stopwatch.GetTimestamp"/> value: when the record is accepted.</param>
    /// <returns><see langword="false"/> when it was dropped.</returns>
    internal bool TryRecord(ExecutionRecord record, long now)
    {
        if (record is null || record.Id.Value.Length != ExecutionId.Length)
        {
            CountDropped(1);
            return false;
        }

        return TryEnqueue(record, now);
    }

    /// <inheritdoc />
    bool ICallRecorder.TryRecord(IRecordedCall call) => TryRecord(call);

    /// <summary>Hands a call over; the writer serializes it and releases it.</summary>
    /// <param name="call">The call.</param>
    /// <returns><see langword="false"/> when it was dropped (and released).</returns>
    internal bool TryRecord(IRecordedCall call)
    {
        if (TryEnqueue(call, call.FinishedAt))
        {
            return true;
        }

        call.Release();
        return false;
    }

    /// <inheritdoc />
    public async ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = await _sink.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (found is not null || Volatile.Read(ref _closed) != 0 || _thread is null)
        {
            return found;
        }

        // Maybe still queued: let the writer write what is queued, then ask again.
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _sink.FindAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExecutionRecord>> ListRecentAsync(string functionId, int limit, DateTimeOffset? since = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (Volatile.Read(ref _closed) == 0 && _thread is not null)
        {
            // The newest calls may still be queued or in the writer's hands: let it write them first.
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _sink.ListRecentAsync(functionId, limit, since, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Count == 0 ? Task.CompletedTask : EnqueueWaiter(new RecorderWaiter(records, durable: true), cancellationToken);
    }

    /// <inheritdoc />
    Task IExecutionLineStore.AppendAsync(IReadOnlyList<RawExecutionLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Count == 0 ? Task.CompletedTask : EnqueueWaiter(new RecorderWaiter(null, durable: true) { Lines = lines }, cancellationToken);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        EnqueueWaiter(new RecorderWaiter(null, durable: false), cancellationToken);

    /// <summary>Stops accepting records, writes everything accepted, closes the store's side and stops the writer.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposing, 1);
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Wake();
            SignalRoom(always: true);
        }

        await _stopped.Task.ConfigureAwait(false);
    }

    private bool TryEnqueue(object item, long now)
    {
        if ((Interlocked.Increment(ref _queued) > _capacity || TooLate(now)) && !WaitForRoom(now))
        {
            Interlocked.Decrement(ref _queued);
            CountDropped(1);
            return false;
        }

        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _queued);
            CountDropped(1);
            return false;
        }

        if (!_ring.TryEnqueue(item))
        {
            // Only beyond BoundedRing.MaxCapacity: the capacity counted above keeps the ring from filling otherwise.
            Interlocked.Decrement(ref _queued);
            CountDropped(1);
            return false;
        }

        // The first record after the writer went idle starts the clock (a full fence: the writer sees it or the record).
        Interlocked.CompareExchange(ref _pendingSince, now, NothingPending);
        if (Volatile.Read(ref _sleeping) != 0)
        {
            Wake();
        }

        return true;
    }

    /// <summary>Whether the oldest record not yet handed to the store was accepted more than the maximum delay before <paramref name="now"/>.</summary>
    private bool TooLate(long now) => now - Volatile.Read(ref _pendingSince) > _maxDelay;

    /// <summary>Whether a caller must wait (or drop): the queue is full or its oldest record waits too long.</summary>
    private bool Crowded(long now) => Volatile.Read(ref _queued) > _capacity || TooLate(now);

    /// <summary>Block mode: waits until the writer made room (the slot stays reserved). Drop mode: false at once.</summary>
    /// <param name="now">When the caller arrived (its clock moves on by the time it waits).</param>
    private bool WaitForRoom(long now)
    {
        if (!_block || _thread is null)
        {
            return false;
        }

        Interlocked.Increment(ref _blocked);
        try
        {
            // The slot was reserved by the increment; wait until the queue is back under capacity and the writer caught up.
            // The check runs under the monitor the writer pulses after every change it makes (having seen this caller's
            // increment), so no signal falls between the check and the wait. (This was a polling wait of 1 ms on an event
            // that an earlier batch could leave set: the caller then spun through the whole of the store's write.)
            var waitingSince = Stopwatch.GetTimestamp();
            lock (_room)
            {
                while (Crowded(now + (Stopwatch.GetTimestamp() - waitingSince)))
                {
                    if (Volatile.Read(ref _closed) != 0)
                    {
                        return false;
                    }

                    Interlocked.Increment(ref _roomWakeUps);
                    Monitor.Wait(_room, RoomRecheckMs);
                }
            }

            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _blocked);
        }
    }

    /// <summary>Wakes the callers waiting for room (if any, unless <paramref name="always"/>) to check the queue again.</summary>
    /// <param name="always">Pulse even when no caller was seen waiting (closing).</param>
    private void SignalRoom(bool always)
    {
        // A full fence: the queue changes made before are visible to a caller whose wait this read misses (its increment
        // of _blocked comes before its check), so no caller sleeps through the change.
        Interlocked.MemoryBarrier();
        if (!always && Volatile.Read(ref _blocked) == 0)
        {
            return;
        }

        lock (_room)
        {
            Monitor.PulseAll(_room);
        }
    }

    private async Task EnqueueWaiter(RecorderWaiter waiter, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed) != 0 && _stopped.Task.IsCompleted)
        {
            throw new ObjectDisposedException(nameof(ExecutionRecorder), "The POET execution recorder is closed.");
        }

        lock (_waiters)
        {
            waiter.Ticket = _ring.Enqueued; // every record accepted so far comes first
            _waiters.Enqueue(waiter);
            Interlocked.Increment(ref _waiting);
        }

        Wake();
        await Task.WhenAny(waiter.Done.Task, _stopped.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!waiter.Done.Task.IsCompleted)
        {
            // The writer stopped before it reached the waiter (closed meanwhile).
            throw new ObjectDisposedException(nameof(ExecutionRecorder), "The POET execution recorder is closed.");
        }

        await waiter.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Whether the writer has something to take now: a published record, or a waiter whose records are all taken.</summary>
    private bool HasWork => _ring.HasReady || (Volatile.Read(ref _waiting) != 0 && WaiterDue(take: false) is not null);

    /// <summary>The first waiter if every record accepted before it has been taken (and takes it out when <paramref name="take"/>).</summary>
    private RecorderWaiter? WaiterDue(bool take)
    {
        lock (_waiters)
        {
            if (!_waiters.TryPeek(out var waiter) || waiter.Ticket > _ring.Taken)
            {
                return null;
            }

            if (take)
            {
                _waiters.Dequeue();
                Interlocked.Decrement(ref _waiting);
            }

            return waiter;
        }
    }

    private void Wake()
    {
        Interlocked.Exchange(ref _sleeping, 0);
        _wake.Set();
    }

    /// <summary>Counts records dropped (also by the store, for records it lost after accepting them).</summary>
    /// <param name="count">How many.</param>
    internal void CountDropped(long count)
    {
        Interlocked.Add(ref _dropped, count);
        PoetTelemetry.DroppedRecords.Add(count);
        ReportDrops(force: false); // also from the caller's side: the writer may be waiting on a slow store
    }

    private void RunWriter()
    {
        var waiters = new List<RecorderWaiter>();
        using var batch = new ExecutionBatch(new SafeValueWriter(_limits), _logger);
        var lastTick = Stopwatch.GetTimestamp();
        var lastWork = lastTick;
        try
        {
            while (true)
            {
                var wasEmpty = !HasWork;
                var recorded = Fill(batch, waiters);
                SignalRoom(always: false); // callers refill the queue while the store writes the batch

                // Taken everything queued? Then whatever arrives from now on was accepted after this moment.
                var drainedAt = Stopwatch.GetTimestamp();
                var drained = !_ring.HasReady;
                if (!wasEmpty)
                {
                    lastWork = Stopwatch.GetTimestamp();
                    Interlocked.Exchange(ref _progressAt, lastWork);
                }

                if (batch.Count > 0)
                {
                    Write(batch, recorded, waiters);
                }

                if (drained)
                {
                    Volatile.Write(ref _pendingSince, drainedAt); // the batch is with the store: only later records wait
                }
                else if (_lastTakenAt > Volatile.Read(ref _pendingSince))
                {
                    // A full batch: the records still queued were handed over after the last call taken (the queue keeps
                    // their order). Without this the clock stayed at the last moment the queue was empty, so a backlog
                    // the writer was working through in full batches counted as late long before any record waited
                    // RecordingMaxDelay, and calls were dropped while the writer was catching up.
                    Volatile.Write(ref _pendingSince, _lastTakenAt);
                }

                foreach (var waiter in waiters)
                {
                    waiter.Done.TrySetResult(); // a failed write already failed them; TrySet keeps that
                }

                waiters.Clear();
                batch.Clear();
                SignalRoom(always: false);

                var now = Stopwatch.GetTimestamp();
                if (now - lastTick >= TickInterval)
                {
                    lastTick = now;
                    Tick();
                }

                if (HasWork)
                {
                    continue;
                }

                // Going idle: nothing waits. A record queued meanwhile is seen here, or its caller starts the clock.
                Interlocked.Exchange(ref _pendingSince, NothingPending);
                if (_ring.HasReady)
                {
                    Interlocked.Exchange(ref _pendingSince, drainedAt); // drained: only the writer takes from the queue
                    continue;
                }

                if (Volatile.Read(ref _closed) != 0)
                {
                    if (_ring.Enqueued != _ring.Taken)
                    {
                        Thread.Yield(); // a caller claimed a slot and is about to publish its record: write it too
                        continue;
                    }

                    break;
                }

                if (now - lastWork < NapFor)
                {
                    Nap();
                }
                else
                {
                    Sleep();
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "POET recorder: the writer stopped; records are no longer written");
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "recorder"));
        }
        finally
        {
            Interlocked.Exchange(ref _closed, 1);
            FailLeftovers(waiters);
            try
            {
                Wait(_sink.CloseAsync());
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "POET recorder: closing the execution store failed");
                PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "recorder"));
            }

            ReportDrops(force: true);
            SignalRoom(always: true);
            _stopped.TrySetResult();
        }
    }

    /// <summary>Takes queued items into the batch until it is full or someone waits for it.</summary>
    /// <returns>How many of the batch's records came from calls (counted as dropped if the write fails).</returns>
    private int Fill(ExecutionBatch batch, List<RecorderWaiter> waiters)
    {
        var recorded = 0;
        var taken = 0; // given back to the queue's count once per batch, not per record (callers contend on it)
        try
        {
            return Fill(batch, waiters, ref recorded, ref taken);
        }
        finally
        {
            if (taken > 0)
            {
                Interlocked.Add(ref _queued, -taken);
            }
        }
    }

    private int Fill(ExecutionBatch batch, List<RecorderWaiter> waiters, ref int recorded, ref int taken)
    {
        while (batch.Count < MaxBatchRecords && batch.Bytes < MaxBatchBytes)
        {
            if (Volatile.Read(ref _waiting) != 0 && WaiterDue(take: true) is { } waiter)
            {
                if (waiter.Records is { } records)
                {
                    foreach (var record in records)
                    {
                        batch.Add(new RecordParts(record));
                    }
                }

                if (waiter.Lines is { } lines)
                {
                    foreach (var line in lines)
                    {
                        batch.Add(line);
                    }
                }

                batch.Durable |= waiter.Durable;
                waiters.Add(waiter);
                return recorded; // complete the waiter as soon as possible
            }

            if (!_ring.TryDequeue(out var item))
            {
                break;
            }

            switch (item)
            {
                case IRecordedCall call:
                    taken++;
                    _lastTakenAt = call.FinishedAt;
                    try
                    {
                        recorded += batch.Add(call) ? 1 : 0;
                    }
                    finally
                    {
                        call.Release();
                    }

                    break;
                case ExecutionRecord record:
                    taken++;
                    recorded += batch.Add(new RecordParts(record)) ? 1 : 0;
                    break;
            }
        }

        return recorded;
    }

    private void Write(ExecutionBatch batch, int recorded, List<RecorderWaiter> waiters)
    {
        try
        {
            Wait(_sink.WriteAsync(batch, CancellationToken.None));
            _writeFailures.Succeeded();
        }
        catch (Exception ex)
        {
            _writeFailures.Failed(ex, recorded);
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "recorder"));
            CountDropped(recorded);
            var error = ex as PoetStoreException ?? new PoetStoreException($"POET could not write {batch.Count} execution records: {ex.Message}", ex);
            foreach (var waiter in waiters)
            {
                waiter.Done.TrySetException(error);
            }
        }
    }

    private void Tick()
    {
        ReportDrops(force: false);
        try
        {
            Wait(_sink.TickAsync(CancellationToken.None));
            _tickFailures.Succeeded();
        }
        catch (Exception ex)
        {
            _tickFailures.Failed(ex, 0);
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "recorder"));
        }
    }

    /// <summary>Logs the drops since the last report, at most once a <see cref="DropReportInterval"/> unless forced; any thread.</summary>
    private void ReportDrops(bool force)
    {
        var total = Interlocked.Read(ref _dropped);
        var last = Interlocked.Read(ref _lastDropReport);
        if (total <= Interlocked.Read(ref _droppedReported)
            || (!force && Stopwatch.GetElapsedTime(last) < DropReportInterval)
            || Interlocked.CompareExchange(ref _lastDropReport, Stopwatch.GetTimestamp(), last) != last)
        {
            return; // nothing new, not due, or another thread is reporting
        }

        var since = total - Interlocked.Exchange(ref _droppedReported, total);
        if (since <= 0)
        {
            return;
        }

        _logger.LogWarning(
            "POET dropped {Count} execution record(s) since the last report ({Total} in all): records arrived faster than the store took them (the buffer of {Capacity} was full, or its oldest record had waited longer than PoetOptions.RecordingMaxDelay, {MaxDelayMs} ms), or the store could not write them (logged separately). " +
            "Set PoetOptions.RecordingOverflow = RecordingOverflowMode.Block to make callers wait instead, or raise PoetOptions.RecorderCapacity or PoetOptions.RecordingMaxDelay",
            since, total, _capacity, _maxDelay == long.MaxValue ? "no limit" : (_maxDelay * 1000.0 / Stopwatch.Frequency).ToString("0", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Waits a millisecond for more work without asking callers to wake the writer: under load, calls never pay for a
    /// wake-up (a system call and a context switch each); waiters (flushes) still wake it at once.
    /// </summary>
    private void Nap()
    {
        _wake.Reset();
        if (!HasWork && Volatile.Read(ref _closed) == 0)
        {
            _wake.Wait(1);
        }
    }

    /// <summary>Sleeps until a caller wakes the writer (or a second passes, for the store's tick).</summary>
    private void Sleep()
    {
        Interlocked.Exchange(ref _progressAt, WriterIdle); // waiting for work is not a stall
        _wake.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        if (!HasWork && Volatile.Read(ref _closed) == 0)
        {
            _wake.Wait(TimeSpan.FromSeconds(1));
        }

        Interlocked.Exchange(ref _sleeping, 0);
    }

    private void FailLeftovers(List<RecorderWaiter> waiters)
    {
        var closed = new ObjectDisposedException(nameof(ExecutionRecorder), "The POET execution recorder is closed.");
        foreach (var waiter in waiters)
        {
            waiter.Done.TrySetException(closed);
        }

        lock (_waiters)
        {
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.Done.TrySetException(closed);
            }

            Volatile.Write(ref _waiting, 0);
        }

        while (_ring.TryDequeue(out var left))
        {
            switch (left)
            {
                case IRecordedCall call:
                    Interlocked.Decrement(ref _queued);
                    CountDropped(1);
                    call.Release();
                    break;
                case ExecutionRecord:
                    Interlocked.Decrement(ref _queued);
                    CountDropped(1);
                    break;
            }
        }
    }

    private static void Wait(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        task.AsTask().GetAwaiter().GetResult();
    }
}
