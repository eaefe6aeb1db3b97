using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// <see cref="IExecutionStore"/> over <c>.poet/executions/</c>: an append-only log of JSON lines in segments that
/// roll by size and age, each sealed segment named by its id time range and indexed (see <see cref="SegmentIndex"/>).
/// </summary>
/// <remarks>
/// <para><see cref="TryRecord"/> never blocks: it puts the record in a bounded queue (<see cref="PoetOptions.RecorderCapacity"/>)
/// and in a map of pending records (so <see cref="FindAsync"/> sees it at once); a full queue drops the record and
/// counts it (<see cref="PoetTelemetry.DroppedRecords"/>). One background writer drains the queue in batches into a
/// pooled buffer and writes each batch with one write and one flush to the operating system.</para>
/// <para>Memory is bounded by the queue (<see cref="PoetOptions.RecorderCapacity"/> records, each kept alive with its
/// argument and result objects until written, plus about 64 bytes of map entry), one batch buffer (4 MB, reused),
/// the open segment's id map (about 36 bytes per record; a segment holds at most
/// <see cref="PoetOptions.ExecutionSegmentMegabytes"/>), and 16 bytes per 128 records of each sealed segment searched.</para>
/// </remarks>
internal sealed class FileExecutionLog : IExecutionStore, IStoreHealth, IAsyncDisposable, IDisposable
{
    /// <summary>How long the writer may hold queued records without taking any before health reports it stalled.</summary>
    internal static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(30);

    private const long WriterIdle = long.MaxValue;
    private const int MaxBatchRecords = 4096;
    private const int MaxBatchBytes = 4 << 20;
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMinutes(5);

    private readonly StoreRoot _root;
    private readonly string _folder;
    private readonly ILogger _logger;
    private readonly Channel<LogItem> _queue;
    private readonly ConcurrentDictionary<ExecutionId, ExecutionRecord> _pending = new();
    private readonly SegmentCatalog _catalog;
    private readonly SegmentRepair _repair;
    private readonly LogMaintenance _maintenance;
    private readonly string _writerId = SegmentName.NewWriterId();
    private readonly long _segmentMaxBytes;
    private readonly TimeSpan _segmentMaxAge;
    private readonly RecordedValueLimits _limits;
    private readonly Task _writer;
    private readonly Timer? _timer;
    private ActiveSegment? _active;
    private readonly Lock _sealGate = new();
    private ActiveSegment[] _sealing = [];
    private Task _sealTask = Task.CompletedTask;
    private Task _maintenanceTask = Task.CompletedTask;
    private int _maintenanceRunning;
    private long _lastMaintenance = Stopwatch.GetTimestamp();
    private long _dropped;
    private long _progressAt = Stopwatch.GetTimestamp();
    private int _disposed;

    /// <summary>Opens the log under a checked root and starts its writer.</summary>
    /// <param name="root">The store root.</param>
    public FileExecutionLog(StoreRoot root)
        : this(root, startWriter: true)
    {
    }

    /// <summary>Opens the log; tests may leave the writer stopped to fill the queue deterministically.</summary>
    /// <param name="root">The store root.</param>
    /// <param name="startWriter">Whether to start the background writer and timer.</param>
    internal FileExecutionLog(StoreRoot root, bool startWriter)
    {
        _root = root;
        _folder = Path.Combine(root.RootPath, StoreLayout.ExecutionsFolder);
        _logger = root.LoggerFactory.CreateLogger("Poet.Store.Executions");
        try
        {
            Directory.CreateDirectory(_folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PoetStoreException($"The POET execution log folder '{_folder}' cannot be created: {ex.Message}", ex);
        }

        var options = root.Options;
        _segmentMaxBytes = Math.Max(1, options.ExecutionSegmentMegabytes) * 1024L * 1024L;
        _segmentMaxAge = options.ExecutionSegmentDuration > TimeSpan.Zero ? options.ExecutionSegmentDuration : TimeSpan.FromHours(1);
        _limits = RecordedValueLimits.From(options);
        _queue = Channel.CreateBounded<LogItem>(new BoundedChannelOptions(Math.Max(1, options.RecorderCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _catalog = new SegmentCatalog(_folder);
        _repair = new SegmentRepair(root.Quarantine, _logger);
        _maintenance = new LogMaintenance(_catalog, _repair, options, _logger);
        _catalog.Refresh();
        if (startWriter)
        {
            _writer = Task.Run(RunWriterAsync);
            var tick = TimeSpan.FromTicks(Math.Clamp(_segmentMaxAge.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
            _timer = new Timer(static state => ((FileExecutionLog)state!).OnTimer(), this, tick, tick);
            StartMaintenance();
        }
        else
        {
            _writer = Task.CompletedTask;
        }
    }

    /// <summary>Records dropped by this log since it was opened (queue full, closed, or unwritable).</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>The log's folder.</summary>
    public string FolderPath => _folder;

    /// <inheritdoc />
    public string? HealthProblem() => HealthProblem(Stopwatch.GetTimestamp());

    /// <summary>What keeps the log from recording at <paramref name="now"/>, or null when it records.</summary>
    /// <param name="now">A <see cref="Stopwatch.GetTimestamp"/> value (tests pass a later one).</param>
    /// <returns>The problem, or null.</returns>
    internal string? HealthProblem(long now)
    {
        if (Volatile.Read(ref _disposed) == 0 && _writer.IsCompleted && _timer is not null)
        {
            return $"The execution log writer of '{_folder}' has stopped; records are dropped (see the critical log entry).";
        }

        var queued = _queue.Reader.Count;
        var progressAt = Interlocked.Read(ref _progressAt);
        if (queued == 0 || progressAt == WriterIdle)
        {
            return null;
        }

        var stalledFor = TimeSpan.FromSeconds((double)(now - progressAt) / Stopwatch.Frequency);
        return stalledFor < StallAfter
            ? null
            : $"The execution log writer of '{_folder}' has made no progress for {stalledFor.TotalSeconds:0} s with {queued} record(s) queued; records are not being written.";
    }

    /// <inheritdoc />
    public bool TryRecord(ExecutionRecord record)
    {
        if (record is null || record.Id.Value.Length != ExecutionId.Length)
        {
            CountDropped(1);
            return false;
        }

        _pending[record.Id] = record;
        if (_queue.Writer.TryWrite(new LogItem(LogItemKind.Record, record, null, null)))
        {
            return true;
        }

        _pending.TryRemove(record.Id, out _);
        CountDropped(1);
        return false;
    }

    /// <inheritdoc />
    public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!ExecutionKey.TryFrom(id, out var key))
        {
            return ValueTask.FromResult<ExecutionRecord?>(null);
        }

        // Order matters: a record leaves the pending map only after the open segment serves it, and the open segment
        // stops serving only after its sealed successor is in the catalog.
        if (_pending.TryGetValue(id, out var pending))
        {
            return ValueTask.FromResult<ExecutionRecord?>(pending);
        }

        var active = Volatile.Read(ref _active);
        if (Parse(TryReadActive(active, key), id, active?.Path) is { } fromActive)
        {
            return ValueTask.FromResult<ExecutionRecord?>(fromActive);
        }

        foreach (var sealing in Volatile.Read(ref _sealing))
        {
            if (Parse(TryReadActive(sealing, key), id, sealing.Path) is { } fromSealing)
            {
                return ValueTask.FromResult<ExecutionRecord?>(fromSealing);
            }
        }

        var ms = ExecutionKey.Milliseconds(key);
        var searched = new HashSet<string>(StringComparer.Ordinal);
        if (SearchSealed(_catalog.Snapshot, key, id, ms, searched) is { } found)
        {
            return ValueTask.FromResult<ExecutionRecord?>(found);
        }

        // Not found: list the folder again (other processes seal and open segments) and search what is new, including
        // segments other writers still have open.
        var segments = _catalog.Refresh();
        found = SearchSealed(segments, key, id, ms, searched) ?? SearchOpen(segments, key, id, Volatile.Read(ref _active)?.Path);
        return ValueTask.FromResult(found);
    }

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync(new LogItem(LogItemKind.Append, null, records, done), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync(new LogItem(LogItemKind.Flush, null, null, done), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs recovery of orphaned segments and retention now (tests; the log also runs it every few minutes).</summary>
    /// <returns>A task that completes when the pass is done.</returns>
    internal Task RunMaintenanceAsync()
    {
        StartMaintenance();
        return Volatile.Read(ref _maintenanceTask);
    }

    /// <summary>Synchronous form of <see cref="DisposeAsync"/>, for containers disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Writes everything queued, seals the open segment, and stops the writer.</summary>
    /// <returns>A task that completes when the log is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await Volatile.Read(ref _maintenanceTask).ConfigureAwait(false);
    }

    private async ValueTask EnqueueAsync(LogItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException($"The POET execution log '{_folder}' is closed.", ex);
        }
    }

    private void CountDropped(int count)
    {
        Interlocked.Add(ref _dropped, count);
        PoetTelemetry.DroppedRecords.Add(count);
    }

    private void OnTimer()
    {
        _queue.Writer.TryWrite(new LogItem(LogItemKind.Tick, null, null, null));
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastMaintenance)) >= MaintenanceInterval)
        {
            StartMaintenance();
        }
    }

    private void StartMaintenance()
    {
        if (Interlocked.CompareExchange(ref _maintenanceRunning, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _lastMaintenance, Stopwatch.GetTimestamp());
        Volatile.Write(ref _maintenanceTask, Task.Run(() =>
        {
            try
            {
                _maintenance.Run(_writerId, DateTimeOffset.UtcNow);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "POET execution log: maintenance of {Folder} failed; it will be retried", _folder);
                PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "execution-log"));
            }
            finally
            {
                Volatile.Write(ref _maintenanceRunning, 0);
            }
        }));
    }

    private async Task RunWriterAsync()
    {
        using var batch = new LogBatch(new SafeValueWriter(_limits), _logger);
        var reader = _queue.Reader;
        try
        {
            while (true)
            {
                var wait = reader.WaitToReadAsync();
                if (!wait.IsCompleted)
                {
                    Interlocked.Exchange(ref _progressAt, WriterIdle); // waiting for work is not a stall
                }

                if (!await wait.ConfigureAwait(false))
                {
                    break;
                }

                var tick = false;
                var taken = 0;
                while (batch.Count < MaxBatchRecords && batch.Bytes < MaxBatchBytes && !batch.HasWaiters && reader.TryRead(out var item))
                {
                    taken++;
                    switch (item.Kind)
                    {
                        case LogItemKind.Record:
                            batch.Add(item.Record!, pending: true);
                            break;
                        case LogItemKind.Append:
                            foreach (var record in item.Batch!)
                            {
                                batch.Add(record, pending: false);
                            }

                            batch.AddWaiter(item.Done!, durable: true);
                            break;
                        case LogItemKind.Flush:
                            batch.AddWaiter(item.Done!, durable: false);
                            break;
                        case LogItemKind.Tick:
                            tick = true;
                            break;
                    }
                }

                if (taken > 0)
                {
                    Interlocked.Exchange(ref _progressAt, Stopwatch.GetTimestamp());
                }

                WriteBatch(batch);
                if (tick || (_active is { } active && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - active.OpenedMs >= _segmentMaxAge.TotalMilliseconds))
                {
                    RollIfOld();
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "POET execution log: the writer of {Folder} stopped; records are no longer written", _folder);
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "execution-log"));
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (reader.TryRead(out var left))
            {
                left.Done?.TrySetException(new ObjectDisposedException($"The POET execution log '{_folder}' is closed."));
            }

            SealActive();
        }
    }

    private void WriteBatch(LogBatch batch)
    {
        try
        {
            if (batch.Count == 0)
            {
                batch.Complete(null); // a flush with nothing to write; the finally still empties the batch
                return;
            }

            if (_active is { } open && !File.Exists(open.Path))
            {
                DropVanished(open);
            }

            var active = _active ??= OpenSegment();
            if (active.Count > 0 && active.Length + batch.Bytes > _segmentMaxBytes)
            {
                SealActiveInBackground();
                active = _active = OpenSegment();
            }

            active.Append(batch.Buffer, batch.Entries, batch.Durable);
            foreach (var id in batch.PendingIds)
            {
                _pending.TryRemove(id, out _);
            }

            batch.Complete(null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _logger.LogError(ex, "POET execution log: cannot write {Count} records to {Folder}; they are dropped", batch.Count, _folder);
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "execution-log"));
            CountDropped(batch.PendingIds.Count);
            foreach (var id in batch.PendingIds)
            {
                _pending.TryRemove(id, out _);
            }

            var broken = Interlocked.Exchange(ref _active, null);
            broken?.Dispose();
            batch.Complete(new PoetStoreException($"The POET execution log '{_folder}' cannot be written: {ex.Message}", ex));
        }
        finally
        {
            batch.Clear();
        }
    }

    /// <summary>Opens a new segment, recreating the log folder first when someone deleted it while the process ran.</summary>
    private ActiveSegment OpenSegment()
    {
        if (!Directory.Exists(_folder))
        {
            _logger.LogError("POET execution log: the folder {Folder} was deleted while the process ran; it is recreated and recording goes on", _folder);
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "execution-log"));
            Directory.CreateDirectory(_folder);
            _catalog.Refresh();
        }

        return ActiveSegment.Create(_folder, _writerId);
    }

    /// <summary>
    /// The open segment's file was deleted (with its folder, or alone): what it held is gone and later writes to its
    /// handle would vanish too. Counts its records as dropped, logs it, and lets the next write open a new segment.
    /// </summary>
    private void DropVanished(ActiveSegment vanished)
    {
        _logger.LogError("POET execution log: the open segment {Path} was deleted while the process ran; its {Count} records are lost and counted as dropped", vanished.Path, vanished.Count);
        PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "execution-log"));
        CountDropped(vanished.Count);
        Volatile.Write(ref _active, null);
        vanished.Dispose();
    }

    private void RollIfOld()
    {
        if (_active is { } active && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - active.OpenedMs >= _segmentMaxAge.TotalMilliseconds)
        {
            SealActiveInBackground();
        }
    }

    /// <summary>
    /// Hands the open segment to a background task that flushes it to disk, renames it and writes its index, so the
    /// writer goes on with a new segment at once. Until sealed, the segment keeps serving lookups.
    /// </summary>
    private void SealActiveInBackground()
    {
        var active = _active;
        if (active is null)
        {
            return;
        }

        lock (_sealGate)
        {
            Volatile.Write(ref _sealing, [.. _sealing, active]);
            _sealTask = _sealTask.ContinueWith(_ => Seal(active), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        Volatile.Write(ref _active, null);
    }

    /// <summary>Seals the open segment on the writer thread (at shutdown) after the background seals finished.</summary>
    private void SealActive()
    {
        Task pending;
        lock (_sealGate)
        {
            pending = _sealTask;
        }

        pending.GetAwaiter().GetResult();
        var active = _active;
        if (active is not null)
        {
            Seal(active);
            Volatile.Write(ref _active, null);
        }
    }

    private void Seal(ActiveSegment active)
    {
        try
        {
            if (active.Seal() is { } sealedSegment)
            {
                _catalog.Add(sealedSegment);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "POET execution log: cannot seal {Path}; it stays readable and is sealed when the store is next opened", active.Path);
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "execution-log"));
            _catalog.Refresh();
        }
        finally
        {
            lock (_sealGate)
            {
                Volatile.Write(ref _sealing, _sealing.Where(s => s != active).ToArray());
            }

            active.Dispose();
        }

        if (Volatile.Read(ref _disposed) == 0)
        {
            StartMaintenance();
        }
    }

    private static byte[]? TryReadActive(ActiveSegment? active, UInt128 key)
    {
        try
        {
            return active?.TryReadLine(key);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            return null; // sealed meanwhile: the catalog has it
        }
    }

    private ExecutionRecord? SearchSealed(IReadOnlyList<SegmentInfo> segments, UInt128 key, ExecutionId id, long ms, HashSet<string> searched)
    {
        foreach (var segment in segments)
        {
            if (segment.IsOpen || !segment.Covers(ms) || !searched.Add(segment.Path))
            {
                continue;
            }

            try
            {
                var index = _repair.EnsureIndex(segment);
                if (index is null)
                {
                    continue;
                }

                var offsets = index.Find(key);
                if (offsets.Count == 0)
                {
                    continue;
                }

                using var handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                foreach (var offset in offsets)
                {
                    if (Parse(SegmentIndex.ReadLine(handle, offset), id, segment.Path) is { } record)
                    {
                        return record;
                    }
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Deleted by retention meanwhile.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET execution log: cannot search {Path}", segment.Path);
            }
        }

        return null;
    }

    private ExecutionRecord? SearchOpen(IReadOnlyList<SegmentInfo> segments, UInt128 key, ExecutionId id, string? activePath)
    {
        foreach (var segment in segments)
        {
            if (!segment.IsOpen || string.Equals(segment.Path, activePath, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (Parse(SegmentScanner.FindLine(segment.Path, key), id, segment.Path) is { } record)
                {
                    return record;
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Sealed (renamed) meanwhile: found by the next lookup through its index.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET execution log: cannot search {Path}", segment.Path);
            }
        }

        return null;
    }

    private ExecutionRecord? Parse(byte[]? line, ExecutionId id, string? path)
    {
        if (line is null)
        {
            return null;
        }

        try
        {
            var record = ExecutionLine.Read(line);
            return record.Id == id ? record : null;
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "POET execution log: the line of {Id} in {Path} is unreadable: {Line}", id, path, ExecutionLine.Describe(line));
            return null;
        }
    }
}
