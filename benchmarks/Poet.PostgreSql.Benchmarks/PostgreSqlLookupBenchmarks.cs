using BenchmarkDotNet.Attributes;
using Npgsql;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// Lookup of one execution by id among <see cref="Rows"/> stored executions (<c>IExecutionStore.FindAsync</c>: a
/// primary-key probe in the id's day partition and the record parsed back). The table is filled once through the
/// store's own COPY path and kept between runs (database <c>poet_bench_lookup</c>); set <c>POET_BENCH_ROWS</c> for a
/// smaller run. Random ids among those stored, so the cache is not kind, looked up in turn: 4,096 of them, four times the
/// 1,024 executions a store keeps after finding them, so an id is long dropped from memory when it comes round again and
/// every lookup goes to the database.
/// </summary>
[MinColumn, MaxColumn, MedianColumn]
public class PostgreSqlLookupBenchmarks
{
    private PoetPostgreSqlStore _store = null!;
    private ExecutionId[] _ids = null!;
    private int _i;

    public static int Rows => int.TryParse(Environment.GetEnvironmentVariable("POET_BENCH_ROWS"), out var rows) ? rows : 10_000_000;

    [GlobalSetup]
    public async Task Setup()
    {
        var connection = BenchDatabase.Ensure("poet_bench_lookup");
        _store = await PoetPostgreSqlStore.OpenAsync(connection);
        using var dataSource = NpgsqlDataSource.Create(connection);
        long stored;
        await using (var count = dataSource.CreateCommand("SELECT count(*) FROM poet.executions"))
        {
            stored = (long)(await count.ExecuteScalarAsync())!;
        }

        while (stored < Rows)
        {
            var batch = Enumerable.Range(0, (int)Math.Min(50_000, Rows - stored)).Select(_ => BenchDatabase.Record()).ToList();
            await _store.Executions.AppendAsync(batch);
            stored += batch.Count;
            if (stored % 1_000_000 < 50_000)
            {
                Console.WriteLine($"// filled {stored:N0} of {Rows:N0}");
            }
        }

        await using (var analyze = dataSource.CreateCommand("ANALYZE poet.executions"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        // 4,096 random stored ids (TABLESAMPLE reads a few pages, not the table: about twice as many rows as needed).
        var ids = new List<ExecutionId>();
        var percent = Math.Clamp(8192.0 * 100 / stored, 0.1, 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var sample = dataSource.CreateCommand($"SELECT coalesce(line, record::text)::json->>'id' FROM poet.executions TABLESAMPLE SYSTEM ({percent}) LIMIT 4096"))
        await using (var reader = await sample.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(ExecutionId.Parse(reader.GetString(0)));
            }
        }

        _ids = [.. ids.OrderBy(_ => Random.Shared.Next())];
        if (_ids.Length < 4 * 1024)
        {
            throw new InvalidOperationException($"only {_ids.Length} ids sampled: fewer than four times the executions a store keeps in memory, so lookups would be served from memory");
        }

        Console.WriteLine($"// {stored:N0} executions stored; looking up {_ids.Length} sampled ids");
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _store.DisposeAsync();

    [Benchmark(Description = "find one execution by id (PostgreSQL)")]
    public async Task<ExecutionRecord?> FindById()
    {
        var found = await _store.Executions.FindAsync(_ids[_i++ % _ids.Length]);
        return found ?? throw new InvalidOperationException("a stored id was not found");
    }
}
