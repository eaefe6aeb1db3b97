using Npgsql;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// Writes rows with binary COPY, idempotent by execution id: the fast path copies straight into
/// <c>poet.executions</c>; when a batch holds ids already stored (a batch resent after a lost acknowledgement), that
/// COPY fails as a whole on the primary key and the batch goes through a temporary table and
/// <c>INSERT ... ON CONFLICT (id) DO NOTHING</c> instead, which adds only the missing rows.
/// </summary>
/// <remarks>
/// A batch that nobody waits for (the recorder's background writes) commits with <c>synchronous_commit = off</c> for
/// its transaction: the commit does not wait for the WAL flush (the database's WAL writer flushes it within 0.2-0.6 s).
/// Killing the app or a POET service then loses nothing the database committed; a crash of the database server (or its
/// machine) can lose the last fraction of a second of such batches, as the file store's unflushed appends can be lost
/// with the machine. A durable batch (<see cref="IExecutionStore.AppendAsync"/>: what a POET service acknowledges to
/// remote apps) commits synchronously, so an acknowledged record survives a database crash too.
/// </remarks>
internal static class ExecutionCopy
{
    /// <summary>The columns, in the order <see cref="ExecutionCopyRows"/> encodes them.</summary>
    public const string Columns = "(id, function_id, line)";

    /// <summary>Writes the rows (committed when the task completes).</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="partitions">Creates missing day partitions first.</param>
    /// <param name="rows">The rows, encoded.</param>
    /// <param name="durable">Whether the commit waits for the WAL flush (see the remarks).</param>
    /// <param name="cancellationToken">Cancels the write (nothing is committed then).</param>
    /// <returns>A task that completes when the rows are committed.</returns>
    public static async Task WriteAsync(NpgsqlDataSource dataSource, ExecutionPartitions partitions, ExecutionCopyRows rows, bool durable, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await partitions.EnsureAsync(rows.Days, cancellationToken).ConfigureAwait(false);
        using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await CommitModeAsync(connection, durable, cancellationToken).ConfigureAwait(false);
            await CopyAsync(connection, "COPY poet.executions " + Columns + " FROM STDIN (FORMAT BINARY)", rows, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await MergeAsync(connection, rows, durable, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // "no partition of relation found for row": another process dropped a partition this one thought existed.
            partitions.Forget();
            await partitions.EnsureAsync(rows.Days, cancellationToken).ConfigureAwait(false);
            await MergeAsync(connection, rows, durable, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task MergeAsync(NpgsqlConnection connection, ExecutionCopyRows rows, bool durable, CancellationToken cancellationToken)
    {
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await CommitModeAsync(connection, durable, cancellationToken).ConfigureAwait(false);
        using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS executions_batch (id uuid, function_id text, line text) ON COMMIT DELETE ROWS", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CopyAsync(connection, "COPY executions_batch " + Columns + " FROM STDIN (FORMAT BINARY)", rows, cancellationToken).ConfigureAwait(false);
        using (var insert = new NpgsqlCommand(
            "INSERT INTO poet.executions " + Columns + " SELECT id, function_id, line FROM executions_batch ON CONFLICT (id) DO NOTHING", connection))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch nobody waits for commits without waiting for the WAL flush (this transaction only).</summary>
    private static async Task CommitModeAsync(NpgsqlConnection connection, bool durable, CancellationToken cancellationToken)
    {
        if (durable)
        {
            return;
        }

        using var command = new NpgsqlCommand("SELECT set_config('synchronous_commit', 'off', true)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string copy, ExecutionCopyRows rows, CancellationToken cancellationToken)
    {
        var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(rows.Data, cancellationToken).ConfigureAwait(false);
        }
    }
}
