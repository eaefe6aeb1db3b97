using BenchmarkDotNet.Attributes;
using Npgsql;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// Feedback over the PostgreSQL store: <see cref="FeedbackToVersionWritten"/> is the whole feedback path users run
/// (find the execution, store the raw feedback, offline translation, training, version allocated in a transaction and
/// made current); <see cref="VersionVisibleToAnotherInstance"/> is a version written through one store instance
/// until a second instance (its own connections, as another process) raises <c>Changed</c> from the LISTEN/NOTIFY
/// notice. Each feedback is a false alarm on an alert at a higher score than the one before, so every call moves the
/// threshold (the benchmark prints how many wrote a version); each call has its own idempotency key, so none is skipped
/// as already applied.
/// </summary>
[MinColumn, MaxColumn, MedianColumn]
public class PostgreSqlFeedbackBenchmarks
{
    private const string FunctionId = "IDriftDetector.Detect";
    private const int Executions = 20_000;
    private readonly DomainCatalog _domains = new();
    private PoetPostgreSqlStore? _store;
    private PoetPostgreSqlStore? _other;
    private IFunctionStore _functions = null!;
    private IExecutionStore _executionStore = null!;
    private IFeedbackStore _feedbackStore = null!;
    private LocalFunctionCatalog _catalog = null!;
    private IPoetFeedback _feedback = null!;
    private ExecutionId[] _executions = null!;
    private TaskCompletionSource _seen = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private int _i;
    private int _feedbacks;
    private int _versionsWritten;

    [GlobalSetup]
    public Task Setup() => SetupAsync(inMemory: false);

    /// <summary>
    /// Sets the benchmark up over PostgreSQL, or (<paramref name="inMemory"/>, a diagnostic stand-in for
    /// <see cref="FeedbackSplit"/>) over POET's in-memory stores, where a feedback costs only learning's own work.
    /// </summary>
    public async Task SetupAsync(bool inMemory)
    {
        string? connection = null;
        if (inMemory)
        {
            _functions = new InMemoryFunctionStore();
            _executionStore = new InMemoryExecutionStore();
            _feedbackStore = new InMemoryFeedbackStore();
        }
        else
        {
            connection = BenchDatabase.Fresh("poet_bench_feedback");
            _store = await PoetPostgreSqlStore.OpenAsync(connection);
            _other = await PoetPostgreSqlStore.OpenAsync(connection);
            (_functions, _executionStore, _feedbackStore) = (_store.Functions, _store.Executions, _store.Feedback);
        }

        _catalog = new LocalFunctionCatalog(_functions, _domains, pollInterval: TimeSpan.FromHours(1));
        var plan = new FunctionPlan
        {
            FunctionId = FunctionId,
            Domain = MlMonitoringDomain.Name,
            Learnable = [LearnableParameterSpec.Create("threshold", 2, 0.01, 1_000_000, 0, 3.0, false)],
        };
        _catalog.Register(plan);
        if (_other is not null)
        {
            _other.Functions.GetCurrent(FunctionId);
            _other.Functions.Changed += (_, _) => _seen.TrySetResult();
        }

        // Alerts at rising scores: a false alarm on each asks for a threshold above every earlier one, so each feedback
        // disagrees with the current version and writes a new one (learning that had converged would write nothing).
        var records = Enumerable.Range(0, Executions).Select(i => BenchDatabase.Record(FunctionId) with { Result = new DriftResult(true, 4.2 + (i * 0.05)) }).ToList();
        await _executionStore.AppendAsync(records);
        _executions = records.Select(r => r.Id).ToArray();
        _feedback = new PoetLearningServices(_functions, _executionStore, _feedbackStore, new ExecutionLinks(), _domains, new PoetOptions()).Feedback;

        // A function with a history, as in production: 300 earlier feedbacks (learning reads the newest 200 of them on
        // every feedback), and table statistics that know it (autovacuum's ANALYZE, done here at once).
        for (var i = 0; i < 300; i++)
        {
            await FeedbackToVersionWritten();
        }

        if (connection is not null)
        {
            await using var analyze = NpgsqlDataSource.Create(connection).CreateCommand("ANALYZE poet.feedback");
            await analyze.ExecuteNonQueryAsync();
        }

        _feedbacks = _versionsWritten = 0;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_feedbacks > 0)
        {
            Console.WriteLine($"// feedback calls: {_feedbacks:N0}, of which wrote a new version: {_versionsWritten:N0}");
        }

        _catalog.Dispose();
        if (_store is not null)
        {
            await _other!.DisposeAsync();
            await _store.DisposeAsync();
        }
    }

    [Benchmark(Description = "feedback -> version written (PostgreSQL)")]
    public async Task<FeedbackOutcome> FeedbackToVersionWritten()
    {
        var i = _i++;
        // A key of its own per call: the same execution and words again would be found already applied (no version).
        var outcome = await _feedback.FeedbackAsync(_executions[i % _executions.Length], "False alarm - a seasonal dip.",
            new FeedbackOptions { IdempotencyKey = $"bench-{_run}-{i}" });
        if (outcome.AlreadyApplied)
        {
            throw new InvalidOperationException("feedback was found already applied: the benchmark measured nothing");
        }

        _versionsWritten += outcome.NewVersion is null ? 0 : 1;
        _feedbacks++;
        return outcome;
    }

    [Benchmark(Description = "version written -> current in another instance (LISTEN/NOTIFY)")]
    public async Task VersionVisibleToAnotherInstance()
    {
        _seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delta = _i++ % 2 == 0 ? 0.01 : -0.01;
        await _functions.AppendVersionAsync(FunctionId, current => current with
        {
            Parameters = new Dictionary<string, double> { ["threshold"] = current.Parameters["threshold"] + delta },
            Reason = new VersionReason { Kind = "feedback", Rationale = "benchmark" },
        });
        await _seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
