using System.Net.Sockets;
using Npgsql;

namespace Poet.PostgreSql.Connection;

/// <summary>Turns Npgsql failures into <see cref="PoetStoreException"/>s that say what to fix, never quoting the password.</summary>
internal static class PostgreSqlErrors
{
    /// <summary>Wraps a failure to reach or use the database.</summary>
    /// <param name="target">Which database.</param>
    /// <param name="doing">What POET was doing, e.g. "open the PostgreSQL store".</param>
    /// <param name="exception">The failure.</param>
    /// <returns>The exception to throw.</returns>
    public static PoetStoreException Wrap(PostgreSqlTarget target, string doing, Exception exception)
    {
        var advice = exception switch
        {
            PostgresException { SqlState: "28P01" } =>
                "the password was rejected: check Password (or the user's password in the database) in the connection string",
            PostgresException { SqlState: "28000" } =>
                "the server refused this user or client address: check Username and the server's pg_hba.conf",
            PostgresException { SqlState: "3D000" } =>
                "the database does not exist: create it (createdb) or fix Database in the connection string",
            PostgresException { SqlState: "42501" } =>
                "the user lacks a privilege POET needs (CREATE on the database for the first start): grant it or run the first start as the owner",
            PostgresException { SqlState: "57P03" } => "the server is starting up or shutting down: retry in a moment",
            PostgresException pg => $"the server answered {pg.SqlState}: {pg.MessageText}",
            NpgsqlException { InnerException: SocketException socket } =>
                $"the server cannot be reached ({socket.SocketErrorCode}): check Host and Port and that PostgreSQL is running",
            NpgsqlException { InnerException: TimeoutException } or TimeoutException =>
                "the server did not answer in time: check Host and Port, the network, and that PostgreSQL is running",
            NpgsqlException npgsql => $"{npgsql.Message.TrimEnd('.')}: check Host, Port and that PostgreSQL is running",
            _ => exception.Message,
        };
        return new PoetStoreException($"POET could not {doing} ({target}): {advice}.", exception);
    }

    /// <summary>Whether an exception is a lost or refused connection (worth retrying later) rather than a bug.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> for transient failures.</returns>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "3D000",
        NpgsqlException => true, // not a server's answer: the connection failed
        IOException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };
}
