using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// Feedback by <see cref="ExecutionId"/> → offline translator → trainer → new version current, over the real file store
/// (<see cref="PoetFileStore"/>), with 0 or 1,000,000 executions recorded after the ones the feedback targets.
/// </summary>
/// <remarks>
/// <para>
/// Setup writes the targeted executions FIRST (a fired and a silent one for each of <see cref="Functions"/> functions),
/// then the filler records in batches of 10,000, then disposes the store and reopens it (a restart): every lookup goes
/// through the sealed segments and their indexes, and the targeted records are the oldest in the log.
/// </para>
/// <para>
/// Each invocation is one feedback (<c>InvocationCount(1)</c>), so BenchmarkDotNet's Median column is the per-feedback
/// p50. Invocations go in pairs to one function, false alarm on its fired execution (raises the threshold) then missed
/// event on its silent one (lowers it), and move round-robin across the functions, so every feedback writes a new version
/// and no function gathers more than a few versions during the run (the version count of a function is not what this
/// measures). The local catalog stays subscribed to the store, so "current" includes its in-process refresh.
/// </para>
/// <para>
/// A second row times the lookup alone. Each feedback waits for the disk once: the feedback's processed record is
/// appended to the function folder's journal and flushed, which also makes the version written just before it durable
/// (see the file store's README); the files themselves are written without a flush each.
/// </para>
/// Run: <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*FeedbackFileStore*'</c>.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 10, iterationCount: 200)]
[InvocationCount(1)]
public class FeedbackFileStoreBenchmarks
{
    private const int Functions = 64;
    private const int BatchSize = 10_000;
    private const string FalseAlarm = "False alarm, that was noise";
    private const string MissedEvent = "you missed the outage, why didn't this fire?";
    private readonly PoetOptions _options = new();
    private readonly DomainCatalog _domains = new();
    private string _path = null!;
    private PoetFileStore _store = null!;
    private LocalFunctionCatalog _catalog = null!;
    private IPoetFeedback _feedback = null!;
    private ExecutionId[] _fired = [];
    private ExecutionId[] _silent = [];
    private int _n;

    /// <summary>Executions recorded in the log after the targeted ones (the targeted ones are the first 128 records).</summary>
    [Params(0, 1_000_000)]
    public int RecordedExecutions { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "poet-bench-feedback-file-" + Guid.NewGuid().ToString("N"));
        _options.StorePath = _path;
        var plans = Enumerable.Range(0, Functions).Select(Plan).ToArray();
        _fired = new ExecutionId[Functions];
        _silent = new ExecutionId[Functions];
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var n = 0;
        ExecutionId NextId() => ExecutionId.New(start.AddTicks(n++ * 36_000L)); // 1,000,000 records spread over one hour

        await using (var writer = PoetFileStore.Open(_options, NullLoggerFactory.Instance))
        {
            using (var catalog = new LocalFunctionCatalog(writer.Functions, _domains, pollInterval: TimeSpan.FromHours(1)))
            {
                var batch = new List<ExecutionRecord>(BatchSize);
                for (var k = 0; k < Functions; k++)
                {
                    var v1 = catalog.Register(plans[k]);
                    _fired[k] = NextId();
                    _silent[k] = NextId();
                    batch.Add(Record(_fired[k], plans[k].FunctionId, v1, new FeedbackBenchReport(true)));
                    batch.Add(Record(_silent[k], plans[k].FunctionId, v1, new FeedbackBenchReport(false)));
                }

                await writer.Executions.AppendAsync(batch);
                batch.Clear();
                var filler = new Dictionary<string, double> { ["threshold"] = 3.0 };
                for (var i = 0; i < RecordedExecutions; i++)
                {
                    var id = NextId();
                    batch.Add(new ExecutionRecord
                    {
                        Id = id,
                        FunctionId = "IDriftDetector.Detect",
                        Version = 1,
                        StartedAt = id.Timestamp,
                        DurationMs = 0.4,
                        Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0 }, ["threshold"] = 3.0 },
                        LearnedParameters = filler,
                        Result = (i & 7) == 0,
                    });
                    if (batch.Count == BatchSize)
                    {
                        await writer.Executions.AppendAsync(batch);
                        batch.Clear();
                    }
                }

                await writer.Executions.AppendAsync(batch);
            }
        }

        // A restart: the log is sealed on disk; the feedback finds its execution through the segment indexes.
        _store = PoetFileStore.Open(_options, NullLoggerFactory.Instance);
        _catalog = new LocalFunctionCatalog(_store.Functions, _domains, pollInterval: TimeSpan.FromHours(1));
        foreach (var plan in plans)
        {
            _catalog.Register(plan);
        }

        _feedback = new PoetLearningServices(_store.Functions, _store.Executions, _store.Feedback, new ExecutionLinks(), _domains, _options,
            loggerFactory: NullLoggerFactory.Instance).Feedback;
        _n = 0;
    }

    /// <summary>One feedback by id on one of the oldest executions in the log; every call writes a new version.</summary>
    /// <returns>The version written.</returns>
    [Benchmark(Description = "feedback by id -> new version current (file store, offline translator)")]
    public async Task<int> FeedbackToNewVersion()
    {
        var n = _n++;
        var k = (n >> 1) % Functions;
        var round = n / (2 * Functions); // a later round says it again in other words: feedback repeated verbatim is not applied twice
        var outcome = (n & 1) == 0
            ? await _feedback.FeedbackAsync(_fired[k], round == 0 ? FalseAlarm : $"{FalseAlarm} (again, {round})")
            : await _feedback.FeedbackAsync(_silent[k], round == 0 ? MissedEvent : $"{MissedEvent} (again, {round})");
        var version = outcome.NewVersion ?? throw new InvalidOperationException("expected a new version: " + outcome.Signal.Rationale);
        return _catalog.GetCurrent(outcome.FunctionId).Version == version
            ? version
            : throw new InvalidOperationException($"v{version} of {outcome.FunctionId} was written but is not current in the catalog");
    }

    /// <summary>The lookup part alone: finding one of the oldest executions by id (no feedback written).</summary>
    /// <returns>The execution.</returns>
    [Benchmark(Description = "lookup only: FindAsync of the targeted execution")]
    public async Task<ExecutionRecord> FindTargetedExecution()
    {
        var id = _fired[_n++ % Functions];
        return await _store.Executions.FindAsync(id) ?? throw new InvalidOperationException($"{id} not found");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _catalog.Dispose();
        _store.Dispose();
        Directory.Delete(_path, recursive: true);
    }

    private static FunctionPlan Plan(int k) => new()
    {
        FunctionId = $"IDriftDetector{k:D2}.Detect",
        Domain = MlMonitoringDomain.Name,
        Learnable = [LearnableParameterSpec.Create("threshold", 2, 0.01, 10, 0, 3.0, false)],
    };

    private static ExecutionRecord Record(ExecutionId id, string functionId, FunctionVersion version, FeedbackBenchReport result) => new()
    {
        Id = id,
        FunctionId = functionId,
        Version = version.Version,
        StartedAt = id.Timestamp,
        DurationMs = 0.4,
        Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0 }, ["threshold"] = version.Parameters["threshold"] },
        LearnedParameters = version.Parameters,
        Result = result,
    };
}
