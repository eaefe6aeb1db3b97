using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using Poet.PostgreSql.Connection;
using Poet.Storage.FileStore;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// <see cref="IExecutionStore"/> over <c>poet.executions</c>. <see cref="TryRecord"/> only queues the record (a bounded
/// buffer of <see cref="PoetOptions.RecorderCapacity"/>; a full buffer drops and counts); one background writer takes
/// up to <see cref="MaxBatch"/> queued records at a time and writes them with binary COPY. While the database is down
/// the writer keeps its batch and retries with backoff (logging the outage once), records wait in the buffer, and
/// everything queued is written when the database returns.
/// </summary>
internal sealed partial class PostgreSqlExecutionStore : IExecutionStore, IAsyncDisposable
{
    /// <summary>The most records one COPY carries.</summary>
    public const int MaxBatch = 8192;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlTarget _target;
    private readonly ExecutionPartitions _partitions;
    private readonly RecordedValueLimits _limits;
    private readonly TimeSpan? _retention;
    private readonly ILogger _logger;
    private readonly Channel<ExecutionRecord> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private readonly Task _retentionLoop;
    private TaskCompletionSource _progress = NewProgress();
    private long _accepted;
    private long _settled;
    private int _disposed;

    /// <summary>Creates the store and starts its writer.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="target">The database, for messages.</param>
    /// <param name="options">Capacity, retention and recorded-value limits.</param>
    /// <param name="logger">Logs outages, recoveries and dropped records.</param>
    public PostgreSqlExecutionStore(NpgsqlDataSource dataSource, PostgreSqlTarget target, PoetOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _target = target;
        _partitions = new ExecutionPartitions(dataSource);
        _limits = RecordedValueLimits.From(options);
        _retention = options.ExecutionRetention;
        _logger = logger;
        _queue = Channel.CreateBounded<ExecutionRecord>(new BoundedChannelOptions(Math.Max(1, options.RecorderCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(() => WriteLoopAsync(_stop.Token));
        _retentionLoop = Task.Run(() => RetentionLoopAsync(_stop.Token));
    }

    /// <summary>Records accepted but not yet written (or given up).</summary>
    public long Pending => Math.Max(0, Volatile.Read(ref _accepted) - Volatile.Read(ref _settled));

    /// <inheritdoc />
    public bool TryRecord(ExecutionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _accepted);
            return true;
        }

        PoetTelemetry.DroppedRecords.Add(1);
        return false;
    }

    /// <inheritdoc />
    public async ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default)
    {
        if (ExecutionUuid.From(id) is not { } uuid)
        {
            return null;
        }

        var found = await QueryAsync(uuid, cancellationToken).ConfigureAwait(false);
        if (found is null && Pending > 0)
        {
            // The record may still be queued (feedback right after the call): write the queue, then look again.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await FlushAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The database is slow or down: answer from what is written.
            }

            found = await QueryAsync(uuid, cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = new List<ExecutionRow>(records.Count);
        using (var writer = new ExecutionRowWriter(_limits, _logger))
        {
            writer.Convert(records, rows);
        }

        try
        {
            await ExecutionCopy.WriteAsync(_dataSource, _partitions, rows, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, $"write {rows.Count} execution records", ex);
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Volatile.Read(ref _accepted);
        while (Volatile.Read(ref _settled) < target)
        {
            var progress = Volatile.Read(ref _progress);
            if (Volatile.Read(ref _settled) >= target)
            {
                break;
            }

            await progress.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops the day partitions older than the retention now (the writer also does it every hour).</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The dropped partitions' names.</returns>
    public Task<IReadOnlyList<string>> ApplyRetentionAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _retention is { } retention
            ? _partitions.DropOlderThanAsync(retention, now, cancellationToken)
            : Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Writes everything queued (waiting up to 10 s for the database), then stops the writer.</summary>
    /// <returns>A task that completes when the writer stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogGaveUp(_logger, Pending, _target.ToString());
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_writer, _retentionLoop).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task<ExecutionRecord?> QueryAsync(Guid uuid, CancellationToken cancellationToken)
    {
        try
        {
            using var command = _dataSource.CreateCommand("SELECT record::text FROM poet.executions WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = uuid });
            var json = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return json is null ? null : ExecutionLine.Read(System.Text.Encoding.UTF8.GetBytes(json));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, "look up an execution", ex);
        }
    }

    private async Task WriteLoopAsync(CancellationToken stop)
    {
        var records = new List<ExecutionRecord>(MaxBatch);
        var rows = new List<ExecutionRow>(MaxBatch);
        using var converter = new ExecutionRowWriter(_limits, _logger);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                records.Clear();
                rows.Clear();
                while (records.Count < MaxBatch && reader.TryRead(out var record))
                {
                    records.Add(record);
                }

                converter.Convert(records, rows);
                await WriteWithRetryAsync(rows, stop).ConfigureAwait(false);
                Settle(records.Count);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed while the database was down: what is left is reported by DisposeAsync.
        }
    }

    private async Task WriteWithRetryAsync(List<ExecutionRow> rows, CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var failing = false;
        while (true)
        {
            try
            {
                await ExecutionCopy.WriteAsync(_dataSource, _partitions, rows, stop).ConfigureAwait(false);
                if (failing)
                {
                    LogRecovered(_logger, _target.ToString(), Pending);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                if (!PostgreSqlErrors.IsTransient(ex))
                {
                    // Not a connection problem (a bug or a row the database refuses): drop the batch rather than spin.
                    LogBatchDropped(_logger, rows.Count, _target.ToString(), ex);
                    PoetTelemetry.DroppedRecords.Add(rows.Count);
                    PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "postgresql-recorder"));
                    return;
                }

                if (!failing)
                {
                    failing = true;
                    LogOutage(_logger, _target.ToString(), Pending, ex);
                }

                await Task.Delay(delay, stop).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task RetentionLoopAsync(CancellationToken stop)
    {
        if (_retention is null)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), stop).ConfigureAwait(false);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
            do
            {
                try
                {
                    var dropped = await ApplyRetentionAsync(DateTimeOffset.UtcNow, stop).ConfigureAwait(false);
                    if (dropped.Count > 0)
                    {
                        LogRetention(_logger, string.Join(", ", dropped));
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    LogRetentionFailed(_logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private void Settle(int count)
    {
        Interlocked.Add(ref _settled, count);
        Interlocked.Exchange(ref _progress, NewProgress()).TrySetResult();
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET cannot write execution records to the {Target}; {Pending} records wait in the buffer and are written when it answers again")]
    private static partial void LogOutage(ILogger logger, string target, long pending, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "POET writes execution records to the {Target} again ({Pending} still queued)")]
    private static partial void LogRecovered(ILogger logger, string target, long pending);

    [LoggerMessage(Level = LogLevel.Error, Message = "POET dropped a batch of {Count} execution records the {Target} refused")]
    private static partial void LogBatchDropped(ILogger logger, int count, string target, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "POET stopped with {Pending} execution records not written: the {Target} did not answer within 10 s")]
    private static partial void LogGaveUp(ILogger logger, long pending, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "POET dropped execution partitions past the retention: {Partitions}")]
    private static partial void LogRetention(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not apply the execution retention; it tries again in an hour")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
