using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Poet.Cli;

namespace Poet.Benchmarks;

/// <summary>
/// <c>poet import</c> of 100,000 labelled rows (CSV with ticket ids) into a real file store holding those 100,000
/// executions: what an operator runs after a labelling session. Goal: under 60 s. A second row imports the same file
/// again: every row is found already applied (zero new versions, zero new feedback records).
/// </summary>
/// <remarks>
/// Each iteration gets a fresh store (executions written and the store closed in the iteration setup, not timed), so
/// the import always starts cold, as after a restart. Batches of 1,000 rows: 100 versions written.
/// Run: <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*ImportBenchmarks*'</c>.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private const int Rows = 100_000;
    private string _store = null!;
    private string _csv = null!;

    [IterationSetup(Target = nameof(Import))]
    public void SetupImport() => Seed();

    [IterationSetup(Target = nameof(Reimport))]
    public void SetupReimport()
    {
        Seed();
        Check(Run(), "the first import");
    }

    /// <summary>Imports the file into the fresh store.</summary>
    [Benchmark(Description = "poet import, 100,000 rows")]
    public int Import() => Check(Run(), "import");

    /// <summary>Imports the same file a second time.</summary>
    [Benchmark(Description = "poet import again (all already applied)")]
    public int Reimport() => Check(Run(), "re-import");

    [IterationCleanup]
    public void Cleanup()
    {
        try
        {
            Directory.Delete(_store, recursive: true);
            File.Delete(_csv);
        }
        catch (IOException)
        {
        }
    }

    private int Run()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = PoetCli.RunAsync(["import", _csv, "--store", _store], new CliContext { Output = output, Error = error }).GetAwaiter().GetResult();
        return code == 0 ? code : throw new InvalidOperationException($"poet import failed ({code}): {error}");
    }

    private static int Check(int code, string what) => code == 0 ? code : throw new InvalidOperationException(what + " failed");

    private void Seed()
    {
        _store = Path.Combine(Path.GetTempPath(), "poet-bench-import-" + Guid.NewGuid().ToString("N"));
        _csv = _store + ".csv";
        var plan = new FunctionPlan
        {
            FunctionId = "IDriftDetector.Detect",
            InterfaceName = "IDriftDetector",
            MethodName = "Detect",
            Domain = MlMonitoringDomain.Name,
            OptimizeFor = "accuracy",
            Learnable = [LearnableParameterSpec.Create("threshold", 2, 0.01, 10, 0, 3.0, isInteger: false)],
        };
        var csv = new StringBuilder("execution_id,feedback,feedback_id\n");
        using (var store = PoetFileStore.Open(new PoetOptions { StorePath = _store }))
        {
            using (var catalog = new LocalFunctionCatalog(store.Functions, new DomainCatalog(), pollInterval: TimeSpan.FromHours(1)))
            {
                catalog.Register(plan);
            }

            for (var start = 0; start < Rows; start += 10_000)
            {
                var batch = Enumerable.Range(start, 10_000).Select(i => new ExecutionRecord
                {
                    Id = ExecutionId.New(),
                    FunctionId = plan.FunctionId,
                    Version = 1,
                    StartedAt = DateTimeOffset.UtcNow,
                    DurationMs = 0.4,
                    Outcome = ExecutionOutcome.Success,
                    Arguments = new Dictionary<string, object?> { ["current"] = new[] { 1.0, 2.0 + (i % 7) } },
                    LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
                    Result = new Dictionary<string, object?> { ["isDrift"] = i % 2 == 0, ["score"] = 2.5 + (i % 20) * 0.1 },
                }).ToList();
                store.Executions.AppendAsync(batch).GetAwaiter().GetResult();
                foreach (var (record, i) in batch.Select((r, i) => (r, start + i)))
                {
                    csv.Append(record.Id.Value).Append(',').Append(i % 2 == 0 ? "\"false alarm, that was noise\"" : "you missed the outage")
                        .Append(",TICKET-").Append(i).Append('\n');
                }
            }
        }

        File.WriteAllText(_csv, csv.ToString());
    }
}
