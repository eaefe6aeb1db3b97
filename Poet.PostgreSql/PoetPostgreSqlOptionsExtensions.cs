using Poet.PostgreSql.Connection;

namespace Poet;

/// <summary><c>options.UsePostgreSql(connectionString)</c>: POET's store in PostgreSQL.</summary>
public static class PoetPostgreSqlOptionsExtensions
{
    /// <summary>
    /// Puts functions, versions, history, executions and feedback in PostgreSQL instead of the file store, so several
    /// app instances and several POET services share one learning state. The schema is created or migrated when the
    /// container first needs the store; a version written by any process is used by every other within a second.
    /// </summary>
    /// <param name="options">The POET options.</param>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=127.0.0.1;Database=poet;Username=poet;Password=...</c>.</param>
    /// <returns>The options, for chaining.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or malformed (the message says how to write one, never repeating the password).</exception>
    public static PoetOptions UsePostgreSql(this PoetOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = PostgreSqlTarget.Parse(connectionString); // fail at configuration time, not at the first call
        return options.UseStore((configured, loggerFactory) => PoetPostgreSqlStore.Open(connectionString, configured, loggerFactory));
    }
}
