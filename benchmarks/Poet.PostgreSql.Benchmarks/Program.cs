// PostgreSQL store benchmarks (issue #12). Needs a server: POET_BENCH_POSTGRES (or POET_TEST_POSTGRES) holds an admin
// connection string; each benchmark creates its own database. For real durability figures start the server with
// fsync on:  POET_PG_FSYNC=on source .ci/postgres.sh
//   dotnet run -c Release --project benchmarks/Poet.PostgreSql.Benchmarks -- --filter '*PostgreSqlFeedback*'
//   dotnet run -c Release --project benchmarks/Poet.PostgreSql.Benchmarks -- --filter '*PostgreSqlLookup*'
//   dotnet run -c Release --project benchmarks/Poet.PostgreSql.Benchmarks -- ingest --processes 2 --records 300000 [--runs 3]  (min / median / max)
//   dotnet run -c Release --project benchmarks/Poet.PostgreSql.Benchmarks -- feedback-split 300   (where a feedback's time goes)
using BenchmarkDotNet.Running;
using Poet.PostgreSql.Benchmarks;

return args switch
{
    ["ingest", .. var rest] => await IngestRunner.RunAsync(rest),
    ["feedback-split", .. var rest] => await FeedbackSplit.RunAsync(rest),
    ["ingest-worker", var connection, var records] => await IngestRunner.WorkerAsync(connection, int.Parse(records, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchDatabase).Assembly).Run(args);
    return 0;
}
