using System.Text;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Logging;
using Npgsql;
using Poet.PostgreSql.Connection;
using Poet.Storage.FileStore;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// The PostgreSQL side of POET's background recorder (<see cref="ExecutionRecorder"/>): each batch the recorder hands
/// over (already serialized as the file store's JSON lines) is written with binary COPY into <c>poet.executions</c>.
/// While the database is down the batch is retried with backoff (the outage logged once) and new records wait in the
/// recorder's bounded buffer (its overflow policy applies); everything is written when the database returns.
/// </summary>
/// <remarks>
/// The executions found last are kept (<see cref="FoundKept"/> of them, least recently used dropped first): a written
/// execution never changes (a resent batch adds nothing twice), and learning reads the executions of a function's
/// newest feedback again on the next feedback. Retention run by this instance forgets them all.
/// </remarks>
internal sealed partial class PostgreSqlExecutionSink : IExecutionBatchSink
{
    /// <summary>How many found executions are kept in memory.</summary>
    internal const int FoundKept = 1024;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlTarget _target;
    private readonly ExecutionPartitions _partitions;
    private readonly TimeSpan? _retention;
    private readonly ILogger _logger;
    private readonly ExecutionCopyRows _rows = new();
    private readonly ConcurrentLru<Guid, ExecutionRecord> _found = new(FoundKept);
    private DateTimeOffset _nextRetention = DateTimeOffset.UtcNow.AddSeconds(30);

    /// <summary>Creates the sink.</summary>
    public PostgreSqlExecutionSink(NpgsqlDataSource dataSource, PostgreSqlTarget target, PoetOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _target = target;
        _partitions = new ExecutionPartitions(dataSource);
        _retention = options.ExecutionRetention;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ExecutionBatch batch, CancellationToken cancellationToken)
    {
        _rows.Encode(batch);

        var delay = TimeSpan.FromMilliseconds(100);
        var failing = false;
        while (true)
        {
            try
            {
                await ExecutionCopy.WriteAsync(_dataSource, _partitions, _rows, batch.Durable, cancellationToken).ConfigureAwait(false);
                if (failing)
                {
                    LogRecovered(_logger, _target.ToString());
                }

                return;
            }
            catch (Exception ex) when (PostgreSqlErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    failing = true;
                    LogOutage(_logger, _target.ToString(), ex);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                throw PostgreSqlErrors.Wrap(_target, $"write {_rows.Count} execution records", ex);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken)
    {
        if (ExecutionUuid.From(id) is not { } uuid)
        {
            return null;
        }

        if (_found.TryGet(uuid, out var kept))
        {
            return kept;
        }

        try
        {
            using var command = _dataSource.CreateCommand("SELECT coalesce(line, record::text) FROM poet.executions WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = uuid });
            var json = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (json is null)
            {
                return null; // not kept: it may be written later
            }

            var record = ExecutionLine.Read(Encoding.UTF8.GetBytes(json));
            _found.AddOrUpdate(uuid, record);
            return record;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, "look up an execution", ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExecutionRecord>> ListRecentAsync(string functionId, int limit, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        try
        {
            return await RecentExecutionsQuery.RunAsync(_dataSource, functionId, limit, since, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, "list a function's recent executions", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (_retention is null || now < _nextRetention)
        {
            return;
        }

        _nextRetention = now.AddHours(1);
        try
        {
            var dropped = await ApplyRetentionAsync(now, cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    public ValueTask CloseAsync() => ValueTask.CompletedTask;

    /// <summary>Drops the day partitions older than the retention now (the writer also does it every hour).</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The dropped partitions' names.</returns>
    public async Task<IReadOnlyList<string>> ApplyRetentionAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (_retention is not { } retention)
        {
            return [];
        }

        var dropped = await _partitions.DropOlderThanAsync(retention, now, cancellationToken).ConfigureAwait(false);
        if (dropped.Count > 0)
        {
            _found.Clear(); // a kept execution may be among the dropped
        }

        return dropped;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET cannot write execution records to the {Target}; records wait in the buffer and are written when it answers again")]
    private static partial void LogOutage(ILogger logger, string target, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "POET writes execution records to the {Target} again")]
    private static partial void LogRecovered(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "POET dropped execution partitions past the retention: {Partitions}")]
    private static partial void LogRetention(ILogger logger, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not apply the execution retention; it tries again in an hour")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
