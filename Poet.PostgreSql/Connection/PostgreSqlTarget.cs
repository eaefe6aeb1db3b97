using Npgsql;

namespace Poet.PostgreSql.Connection;

/// <summary>
/// What a connection string points at, for messages: host, port, database and user, never the password.
/// Parsing it up front turns a malformed string into a clear <see cref="ArgumentException"/>.
/// </summary>
internal sealed record PostgreSqlTarget(string Host, int Port, string Database, string User)
{
    /// <summary>Parses a connection string and names what it points at.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The parsed builder and the target.</returns>
    /// <exception cref="ArgumentException">The string is empty, malformed, or names no host; the message never repeats the password.</exception>
    public static (NpgsqlConnectionStringBuilder Builder, PostgreSqlTarget Target) Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string is empty: pass one such as \"Host=127.0.0.1;Port=5432;Database=poet;Username=poet;Password=...\" (POET_POSTGRES for PoetServer).",
                nameof(connectionString));
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException)
        {
            // The parser's message can quote the offending part; it is not repeated (it may hold the password).
            throw new ArgumentException(
                "The PostgreSQL connection string is not valid: use key=value pairs separated by ';' with Npgsql's keys " +
                "(Host, Port, Database, Username, Password, ...), for example \"Host=127.0.0.1;Database=poet;Username=poet;Password=...\". " +
                $"Cause: {ex.GetType().Name}.",
                nameof(connectionString));
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string names no server: add Host=... (for example Host=127.0.0.1;Database=poet;Username=poet;Password=...).",
                nameof(connectionString));
        }

        var database = string.IsNullOrEmpty(builder.Database) ? builder.Username ?? Environment.UserName : builder.Database;
        return (builder, new PostgreSqlTarget(builder.Host!, builder.Port, database, builder.Username ?? Environment.UserName));
    }

    /// <summary>How messages name the database: <c>database 'poet' on host 10.0.0.5:5432 as user 'poet'</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"database '{Database}' on host {Host}:{Port} as user '{User}'";
}
