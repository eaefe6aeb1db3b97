using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// The day partitions of <c>poet.executions</c>. A partition is created the first time a batch holds an id of its
/// day (under an advisory lock, so concurrent writers do not race); retention detaches and drops whole partitions
/// older than <see cref="PoetOptions.ExecutionRetention"/>, which takes only brief locks and leaves no dead rows to
/// vacuum (batched deletes would churn the table and its index for hours on a busy database).
/// </summary>
internal sealed class ExecutionPartitions(NpgsqlDataSource dataSource)
{
    private const long LockKey = 0x504F4554504152; // "POETPAR"
    private readonly ConcurrentDictionary<long, bool> _ensured = new();

    /// <summary>Creates the partitions of these days when this process has not seen them yet.</summary>
    /// <param name="days">UTC day numbers.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>A task that completes when the partitions exist.</returns>
    public async Task EnsureAsync(IEnumerable<long> days, CancellationToken cancellationToken)
    {
        var missing = days.Where(d => !_ensured.ContainsKey(d)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var day in missing)
        {
            var sql = string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE IF NOT EXISTS poet.{ExecutionUuid.PartitionName(day)} PARTITION OF poet.executions FOR VALUES FROM ('{ExecutionUuid.DayStart(day)}') TO ('{ExecutionUuid.DayStart(day + 1)}')");
            using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var day in missing)
        {
            _ensured[day] = true;
        }
    }

    /// <summary>Forgets which partitions exist (after another process dropped one), so the next batch checks again.</summary>
    public void Forget() => _ensured.Clear();

    /// <summary>Detaches and drops the partitions whose whole day is older than <paramref name="retention"/>.</summary>
    /// <param name="retention">How long executions are kept.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The names of the dropped partitions.</returns>
    public async Task<IReadOnlyList<string>> DropOlderThanAsync(TimeSpan retention, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var firstKept = ExecutionUuid.Day(now - retention);
        var dropped = new List<string>();
        using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        using (var list = new NpgsqlCommand("""
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE n.nspname = 'poet' AND p.relname = 'executions'
            """, connection))
        using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            if (!DateTime.TryParseExact(name.AsSpan("executions_".Length), "yyyyMMdd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                || ExecutionUuid.Day(new DateTimeOffset(date, TimeSpan.Zero)) >= firstKept)
            {
                continue;
            }

            // DETACH ... CONCURRENTLY cannot run in a transaction block; each statement is its own.
            using (var detach = new NpgsqlCommand($"ALTER TABLE poet.executions DETACH PARTITION poet.{name} CONCURRENTLY", connection))
            {
                await detach.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS poet.{name}", connection))
            {
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            dropped.Add(name);
            _ensured.TryRemove(ExecutionUuid.Day(new DateTimeOffset(date, TimeSpan.Zero)), out _);
        }

        return dropped;
    }
}
