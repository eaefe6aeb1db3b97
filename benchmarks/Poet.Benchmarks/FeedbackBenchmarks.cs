using BenchmarkDotNet.Attributes;
using Poet;

namespace Poet.Benchmarks;

/// <summary>A detector result: whether it fired.</summary>
public sealed record FeedbackBenchReport(bool IsDrift);

/// <summary>
/// Feedback → translated by the offline translator → trained → new version current, with the in-memory stores.
/// Each iteration starts from a fresh store so the in-memory store's version list stays small (the lead reruns this
/// with the file store and a large execution log).
/// Run: <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*Feedback*'</c>.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(2_000)]
public class FeedbackBenchmarks
{
    private const string FunctionId = "IDriftDetector.Detect";
    private readonly PoetOptions _options = new();
    private readonly DomainCatalog _domains = new();
    private InMemoryFunctionStore _functions = null!;
    private LocalFunctionCatalog? _catalog;
    private IPoetFeedback _feedback = null!;
    private ExecutionRecord _fired = null!;
    private ExecutionRecord _silent = null!;
    private FeedbackBenchReport _firedReport = null!;
    private TranslationContext _context = null!;
    private int _i;

    [IterationSetup]
    public void Setup()
    {
        _catalog?.Dispose();
        _functions = new InMemoryFunctionStore();
        var executions = new InMemoryExecutionStore();
        var links = new ExecutionLinks();
        _catalog = new LocalFunctionCatalog(_functions, _domains, pollInterval: TimeSpan.FromHours(1));
        var plan = new FunctionPlan
        {
            FunctionId = FunctionId,
            Domain = MlMonitoringDomain.Name,
            Learnable = [LearnableParameterSpec.Create("threshold", 2, 0.01, 10, 0, 3.0, false)],
        };
        var v1 = _catalog.Register(plan);
        _fired = Record(true, v1, executions, links, out _firedReport);
        _silent = Record(false, v1, executions, links, out _);
        _feedback = new PoetLearningServices(_functions, executions, new InMemoryFeedbackStore(), links, _domains, _options).Feedback;
        _context = new TranslationContext
        {
            Feedback = new NormalizedFeedback { Text = "False alarm - that was a seasonal dip.", Kind = "text" },
            Execution = _fired,
            Plan = plan,
            TrainSpec = TrainSpecBuilder.Build(plan, MlMonitoringDomain.Template),
            Current = v1,
            Domain = MlMonitoringDomain.Template,
        };
        _i = 0;
    }

    /// <summary>Alternating false alarm / missed event: every call writes a new version (Rprop steps shrink, values still move).</summary>
    [Benchmark(Description = "feedback -> new version current (offline translator)")]
    public async Task<int?> FeedbackToNewVersion()
    {
        var outcome = (_i++ & 1) == 0
            ? await _feedback.FeedbackAsync(_firedReport, "False alarm - that was a seasonal dip.")
            : await _feedback.FeedbackAsync(_silent.Id, "you missed the outage, why didn't this fire?");
        return outcome.NewVersion ?? throw new InvalidOperationException("expected a new version: " + outcome.Signal.Rationale);
    }

    /// <summary>Praise: translated and stored, no version written.</summary>
    [Benchmark(Description = "positive feedback (stored, no version)")]
    public async Task<int?> PositiveFeedback() => (await _feedback.FeedbackAsync(_fired.Id, "good catch, thanks!")).NewVersion;

    /// <summary>The offline translator alone.</summary>
    [Benchmark(Description = "offline translator only")]
    public LearningSignal OfflineTranslate() => Poet.Translation.Offline.OfflineFeedbackTranslator.Translate(_context);

    private static ExecutionRecord Record(bool fired, FunctionVersion version, InMemoryExecutionStore executions, ExecutionLinks links, out FeedbackBenchReport report)
    {
        report = new FeedbackBenchReport(fired);
        var record = new ExecutionRecord
        {
            Id = ExecutionId.New(),
            FunctionId = FunctionId,
            Version = version.Version,
            StartedAt = DateTimeOffset.UtcNow,
            LearnedParameters = version.Parameters,
            Result = report,
        };
        executions.TryRecord(record);
        links.Link(report, record.Id);
        return record;
    }
}
