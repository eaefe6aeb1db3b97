using System.Text;
using Npgsql;
using Poet.Storage.FileStore;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// A function's newest executions: the primary key (the id, whose first 48 bits are the call's start time) walked
/// backwards from the newest day partition, keeping the function's rows. No index is added for it, so recording pays
/// nothing; the walk reads the other functions' rows recorded in between, and <c>since</c> bounds it by time (the
/// partitions and ids before it are never read).
/// </summary>
internal static class RecentExecutionsQuery
{
    private const string Sql = "SELECT coalesce(line, record::text) FROM poet.executions WHERE function_id = $1 AND id >= $2 ORDER BY id DESC LIMIT $3";

    /// <summary>Runs the query.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="functionId">The function id.</param>
    /// <param name="limit">The most records.</param>
    /// <param name="since">The oldest start time, or null.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The records, newest first.</returns>
    public static async Task<IReadOnlyList<ExecutionRecord>> RunAsync(NpgsqlDataSource dataSource, string functionId, int limit, DateTimeOffset? since,
        CancellationToken cancellationToken)
    {
        var from = since is { } oldest ? ExecutionUuid.FromKey((UInt128)(ulong)Math.Max(0, oldest.ToUnixTimeMilliseconds()) << 80) : Guid.Empty;
        using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = functionId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var records = new List<ExecutionRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(ExecutionLine.Read(Encoding.UTF8.GetBytes(reader.GetString(0))));
            }
        }

        return records;
    }
}
