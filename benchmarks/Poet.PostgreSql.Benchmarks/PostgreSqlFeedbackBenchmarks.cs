using BenchmarkDotNet.Attributes;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// Feedback over the PostgreSQL store: <see cref="FeedbackToVersionWritten"/> is the whole feedback path users run
/// (find the execution, store the raw feedback, offline translation, training, version allocated in a transaction and
/// made current); <see cref="VersionVisibleToAnotherInstance"/> is a version written through one store instance
/// until a second instance (its own connections, as another process) raises <c>Changed</c> from the LISTEN/NOTIFY
/// notice. Feedback alternates "false alarm" and "missed drift" so every call moves the threshold.
/// </summary>
[MinColumn, MaxColumn, MedianColumn]
public class PostgreSqlFeedbackBenchmarks
{
    private const string FunctionId = "IDriftDetector.Detect";
    private readonly DomainCatalog _domains = new();
    private PoetPostgreSqlStore _store = null!;
    private PoetPostgreSqlStore _other = null!;
    private LocalFunctionCatalog _catalog = null!;
    private IPoetFeedback _feedback = null!;
    private ExecutionId[] _executions = null!;
    private TaskCompletionSource _seen = new();
    private int _i;

    [GlobalSetup]
    public async Task Setup()
    {
        var connection = BenchDatabase.Fresh("poet_bench_feedback");
        _store = await PoetPostgreSqlStore.OpenAsync(connection);
        _other = await PoetPostgreSqlStore.OpenAsync(connection);
        _catalog = new LocalFunctionCatalog(_store.Functions, _domains, pollInterval: TimeSpan.FromHours(1));
        var plan = new FunctionPlan
        {
            FunctionId = FunctionId,
            Domain = MlMonitoringDomain.Name,
            Learnable = [LearnableParameterSpec.Create("threshold", 2, 0.01, 10, 0, 3.0, false)],
        };
        _catalog.Register(plan);
        _other.Functions.GetCurrent(FunctionId);
        _other.Functions.Changed += (_, _) => _seen.TrySetResult();
        var records = Enumerable.Range(0, 1000).Select(_ => BenchDatabase.Record(FunctionId) with { Result = new DriftResult(true, 4.2) }).ToList();
        await _store.Executions.AppendAsync(records);
        _executions = records.Select(r => r.Id).ToArray();
        _feedback = new PoetLearningServices(_store.Functions, _store.Executions, _store.Feedback, new ExecutionLinks(), _domains, new PoetOptions()).Feedback;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _catalog.Dispose();
        await _other.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Benchmark(Description = "feedback -> version written (PostgreSQL)")]
    public Task<FeedbackOutcome> FeedbackToVersionWritten()
    {
        var i = _i++;
        return _feedback.FeedbackAsync(_executions[i % _executions.Length], i % 2 == 0 ? "False alarm - a seasonal dip." : "Missed a real drift.");
    }

    [Benchmark(Description = "version written -> current in another instance (LISTEN/NOTIFY)")]
    public async Task VersionVisibleToAnotherInstance()
    {
        _seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delta = _i++ % 2 == 0 ? 0.01 : -0.01;
        await _store.Functions.AppendVersionAsync(FunctionId, current => current with
        {
            Parameters = new Dictionary<string, double> { ["threshold"] = current.Parameters["threshold"] + delta },
            Reason = new VersionReason { Kind = "feedback", Rationale = "benchmark" },
        });
        await _seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
