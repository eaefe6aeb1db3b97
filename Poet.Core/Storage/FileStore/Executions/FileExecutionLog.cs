using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// <see cref="IExecutionStore"/> over <c>.poet/executions/</c>: an append-only log of JSON lines in segments that
/// roll by size and age, each sealed segment named by its id time range and indexed (see <see cref="SegmentIndex"/>).
/// </summary>
/// <remarks>
/// <para>Calls hand their records to an <see cref="ExecutionRecorder"/> (bounded queue, overflow policy
/// <see cref="PoetOptions.RecordingOverflow"/>, one background writer thread); this class is the recorder's
/// <see cref="IExecutionBatchSink"/>: it appends each batch of JSON lines to the open segment with one write and one
/// flush to the operating system, keeps the open segment's id map, and seals, indexes and retains segments.</para>
/// <para>Memory is bounded by the queue (<see cref="PoetOptions.RecorderCapacity"/> records, each kept alive with its
/// argument and result objects until written), one batch buffer (4 MB, reused), the open segment's id map (24
/// bytes per record; a segment holds at most <see cref="PoetOptions.ExecutionSegmentMegabytes"/>), and 16 bytes per
/// 128 records of each sealed segment searched.</para>
/// </remarks>
internal sealed partial class FileExecutionLog : IExecutionStore, IExecutionBatchSink, ICallRecorder, IExecutionLineStore, IStoreHealth, IAsyncDisposable, IDisposable
{
    /// <summary>How long the writer may hold queued records without taking any before health reports it stalled.</summary>
    internal static readonly TimeSpan StallAfter = ExecutionRecorder.StallAfter;

    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMinutes(5);

    private readonly string _folder;
    private readonly StoreRoot _root;
    private string? _writeProblem;
    private readonly ILogger _logger;
    private readonly SegmentCatalog _catalog;
    private readonly SegmentRepair _repair;
    private readonly LogMaintenance _maintenance;
    private readonly string _writerId = SegmentName.NewWriterId();
    private readonly long _segmentMaxBytes;
    private readonly TimeSpan _segmentMaxAge;
    private readonly ExecutionRecorder _recorder;
    private ActiveSegment? _active;
    private readonly Lock _sealGate = new();
    private readonly SealBuffers _sealBuffers = new();
    private ActiveSegment[] _sealing = [];
    private Task _sealTask = Task.CompletedTask;
    private Task _maintenanceTask = Task.CompletedTask;
    private int _maintenanceRunning;
    private long _lastMaintenance = Stopwatch.GetTimestamp();
    private int _disposed;

    /// <summary>Opens the log under a checked root and starts its writer.</summary>
    /// <param name="root">The store root.</param>
    public FileExecutionLog(StoreRoot root)
        : this(root, startWriter: true)
    {
    }

    /// <summary>Opens the log; tests may leave the writer stopped to fill the queue deterministically.</summary>
    /// <param name="root">The store root.</param>
    /// <param name="startWriter">Whether to start the background writer and maintenance.</param>
    internal FileExecutionLog(StoreRoot root, bool startWriter)
    {
        _folder = Path.Combine(root.RootPath, StoreLayout.ExecutionsFolder);
        _logger = root.LoggerFactory.CreateLogger("Poet.Store.Executions");
        _root = root;
        try
        {
            if (root.Problem is null)
            {
                Directory.CreateDirectory(_folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not fatal: records are dropped (and counted) until a write can create it.
            _logger.LogError(ex, "POET execution log: the folder {Folder} cannot be created; records are dropped until it can", _folder);
        }

        var options = root.Options;
        _segmentMaxBytes = Math.Max(1, options.ExecutionSegmentMegabytes) * 1024L * 1024L;
        _segmentMaxAge = options.ExecutionSegmentDuration > TimeSpan.Zero ? options.ExecutionSegmentDuration : TimeSpan.FromHours(1);
        _catalog = new SegmentCatalog(_folder);
        _repair = new SegmentRepair(root.Quarantine, _logger);
        _maintenance = new LogMaintenance(_catalog, _repair, options, _logger);
        _catalog.Refresh();
        _recorder = new ExecutionRecorder(this, options, root.LoggerFactory, startWriter);
        if (startWriter)
        {
            StartMaintenance();
        }
    }

    /// <summary>Records dropped by this log since it was opened (queue full, closed, or unwritable).</summary>
    public long DroppedCount => _recorder.DroppedCount;

    /// <summary>The log's folder.</summary>
    public string FolderPath => _folder;

    /// <summary>The recorder that feeds this log.</summary>
    internal ExecutionRecorder Recorder => _recorder;

    /// <inheritdoc />
    public string? HealthProblem() => HealthProblem(Stopwatch.GetTimestamp());

    /// <summary>What keeps the log from recording at <paramref name="now"/>, or null when it records.</summary>
    /// <param name="now">A <see cref="Stopwatch.GetTimestamp"/> value (tests pass a later one).</param>
    /// <returns>The problem, or null.</returns>
    internal string? HealthProblem(long now) =>
        (_root.EnsureUsable() ? null : _root.Problem) ?? Volatile.Read(ref _writeProblem) ?? _recorder.HealthProblem(now);

    /// <inheritdoc />
    public bool TryRecord(ExecutionRecord record) => _recorder.TryRecord(record);

    /// <inheritdoc />
    public bool TryRecord(IRecordedCall call) => _recorder.TryRecord(call);

    /// <inheritdoc />
    public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default) =>
        _recorder.FindAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default) =>
        _recorder.AppendAsync(records, cancellationToken);

    /// <inheritdoc />
    Task IExecutionLineStore.AppendAsync(IReadOnlyList<RawExecutionLine> lines, CancellationToken cancellationToken) =>
        ((IExecutionLineStore)_recorder).AppendAsync(lines, cancellationToken);

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default) => _recorder.FlushAsync(cancellationToken);

    /// <summary>How often, and after which pauses, a lookup searches again when a segment moved under it.</summary>
    private static readonly int[] MovingSegmentRetryMs = [5, 20, 50, 100, 200];

    /// <inheritdoc />
    async ValueTask<ExecutionRecord?> IExecutionBatchSink.FindAsync(ExecutionId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!ExecutionKey.TryFrom(id, out var key))
        {
            return null;
        }

        // A segment that is being sealed (here, by maintenance, or by another process recovering a crashed writer's
        // segment) is briefly locked or renamed: a lookup that met one searches again instead of missing the record.
        foreach (var pauseMs in MovingSegmentRetryMs)
        {
            if (FindOnce(key, id, out var metMovingSegment) is { } found)
            {
                return found;
            }

            if (!metMovingSegment)
            {
                return null;
            }

            await Task.Delay(pauseMs, cancellationToken).ConfigureAwait(false);
        }

        return FindOnce(key, id, out _);
    }

    private ExecutionRecord? FindOnce(UInt128 key, ExecutionId id, out bool metMovingSegment)
    {
        metMovingSegment = false;

        // Order matters: the open segment stops serving only after its sealed successor is in the catalog.
        var active = Volatile.Read(ref _active);
        if (Parse(TryReadActive(active, key), id, active?.Path) is { } fromActive)
        {
            return fromActive;
        }

        foreach (var sealing in Volatile.Read(ref _sealing))
        {
            if (Parse(TryReadActive(sealing, key), id, sealing.Path) is { } fromSealing)
            {
                return fromSealing;
            }
        }

        var ms = ExecutionKey.Milliseconds(key);
        var searched = new HashSet<string>(StringComparer.Ordinal);
        if (SearchSealed(_catalog.Snapshot, key, id, ms, searched) is { } found)
        {
            return found;
        }

        // Not found: list the folder again (other processes seal and open segments) and search what is new, including
        // segments other writers still have open.
        var segments = _catalog.Refresh();
        return SearchSealed(segments, key, id, ms, searched)
            ?? SearchOpen(segments, key, id, Volatile.Read(ref _active)?.Path, out metMovingSegment);
    }

    /// <inheritdoc />
    ValueTask IExecutionBatchSink.WriteAsync(ExecutionBatch batch, CancellationToken cancellationToken)
    {
        WriteBatch(batch);
        if (_active is { } active && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - active.OpenedMs >= _segmentMaxAge.TotalMilliseconds)
        {
            SealActiveInBackground();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    ValueTask IExecutionBatchSink.TickAsync(CancellationToken cancellationToken)
    {
        RollIfOld();
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastMaintenance)) >= MaintenanceInterval)
        {
            StartMaintenance();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    ValueTask IExecutionBatchSink.CloseAsync()
    {
        SealActive();
        return ValueTask.CompletedTask;
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

        await _recorder.DisposeAsync().ConfigureAwait(false);
        await Volatile.Read(ref _maintenanceTask).ConfigureAwait(false);
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

    private void WriteBatch(ExecutionBatch batch)
    {
        try
        {
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

            active.Append(batch.Lines.Span, batch.Entries, batch.Durable);
            Volatile.Write(ref _writeProblem, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            var broken = Interlocked.Exchange(ref _active, null);
            broken?.Dispose();
            var problem = ex is PoetStoreException ? ex.Message : $"The POET execution log '{_folder}' cannot be written: {ex.Message}";
            Volatile.Write(ref _writeProblem, problem + " Records are dropped (poet.records.dropped) until a write succeeds.");
            throw ex as PoetStoreException ?? new PoetStoreException(problem, ex);
        }
    }

    /// <summary>Opens a new segment, recreating the log folder first when someone deleted it while the process ran.</summary>
    private ActiveSegment OpenSegment()
    {
        _root.ThrowIfUnusable();
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
        _recorder.CountDropped(vanished.Count);
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

    /// <summary>Completes when the segments handed to background sealing so far are sealed (the benchmarks count lines in between runs).</summary>
    internal Task PendingSeals
    {
        get
        {
            lock (_sealGate)
            {
                return _sealTask;
            }
        }
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
            if (active.Seal(_sealBuffers) is { } sealedSegment)
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

    private ExecutionRecord? SearchOpen(IReadOnlyList<SegmentInfo> segments, UInt128 key, ExecutionId id, string? activePath, out bool metMovingSegment)
    {
        metMovingSegment = false;
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
                metMovingSegment = true; // sealed (renamed) meanwhile: the next search finds it through its index
            }
            catch (IOException)
            {
                metMovingSegment = true; // locked while a crashed writer's segment is being sealed
            }
            catch (UnauthorizedAccessException ex)
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
