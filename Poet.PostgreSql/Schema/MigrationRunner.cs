using Npgsql;

namespace Poet.PostgreSql.Schema;

/// <summary>
/// Brings the database to <see cref="Migrations.Latest"/> at start-up. All pending migrations run in one transaction
/// under a transaction-level advisory lock, so several processes starting at once apply each migration exactly once
/// (the others wait, then find nothing to do); a database already migrated by a newer POET is refused.
/// </summary>
internal static class MigrationRunner
{
    /// <summary>The advisory lock key (any constant; "POETSCHM" as ASCII).</summary>
    private const long LockKey = 0x504F455453434D;

    /// <summary>Applies the pending migrations.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the migration (nothing is half-applied: it is one transaction).</param>
    /// <returns>The schema version before and after.</returns>
    /// <exception cref="PoetStoreException">The database's schema is newer than this code.</exception>
    public static Task<(int Before, int After)> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default) =>
        MigrateAsync(connection, Migrations.Latest, cancellationToken);

    /// <summary>Applies the pending migrations up to <paramref name="target"/> (tests build a database of an older schema).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="target">The last migration to apply.</param>
    /// <param name="cancellationToken">Cancels the migration (nothing is half-applied: it is one transaction).</param>
    /// <returns>The schema version before and after.</returns>
    /// <exception cref="PoetStoreException">The database's schema is newer than this code.</exception>
    internal static async Task<(int Before, int After)> MigrateAsync(NpgsqlConnection connection, int target, CancellationToken cancellationToken)
    {
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            CREATE SCHEMA IF NOT EXISTS poet;
            CREATE TABLE IF NOT EXISTS poet.migrations (
                version     integer PRIMARY KEY,
                description text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken).ConfigureAwait(false);

        int before;
        using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM poet.migrations", connection))
        {
            before = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (before > Migrations.Latest)
        {
            throw new PoetStoreException(
                $"The database's POET schema is version {before}, newer than this POET knows (version {Migrations.Latest}): " +
                "a newer POET has migrated it. Upgrade this application's POET packages to the version the other services run.");
        }

        foreach (var migration in Migrations.All.Where(m => m.Version > before && m.Version <= target))
        {
            await ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
            using var record = new NpgsqlCommand("INSERT INTO poet.migrations (version, description) VALUES ($1, $2)", connection);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (before, Math.Max(before, Math.Min(target, Migrations.Latest)));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
