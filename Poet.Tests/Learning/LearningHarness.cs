using Poet;

namespace Poet.Tests.Learning;

/// <summary>A drift report like the demo's: what the detector saw and whether it fired.</summary>
public sealed class DriftReport
{
    public DriftReport(double score, bool isDrift)
    {
        Score = score;
        IsDrift = isDrift;
    }

    public double Score { get; }

    public bool IsDrift { get; }
}

/// <summary>
/// The learning services over in-memory stores, plus a stand-in for the interceptor: registers plans and
/// "calls" functions by recording executions and linking their results, as the proxy does.
/// </summary>
internal sealed class LearningHarness : IDisposable
{
    public const string DetectorId = "IDriftDetector.Detect";

    public LearningHarness(PoetOptions? options = null, IEnumerable<IFeedbackTranslator>? translators = null,
        InMemoryFunctionStore? functions = null, InMemoryExecutionStore? executions = null, InMemoryFeedbackStore? feedback = null)
    {
        Options = options ?? new PoetOptions();
        Functions = functions ?? new InMemoryFunctionStore();
        Executions = executions ?? new InMemoryExecutionStore();
        FeedbackStore = feedback ?? new InMemoryFeedbackStore();
        Domains = new DomainCatalog(Options.Domains);
        Catalog = new LocalFunctionCatalog(Functions, Domains, pollInterval: TimeSpan.FromHours(1));
        Services = new PoetLearningServices(Functions, Executions, FeedbackStore, Links, Domains, Options, translators);
    }

    public PoetOptions Options { get; }

    public InMemoryFunctionStore Functions { get; }

    public InMemoryExecutionStore Executions { get; }

    public InMemoryFeedbackStore FeedbackStore { get; }

    public ExecutionLinks Links { get; } = new();

    public DomainCatalog Domains { get; }

    public LocalFunctionCatalog Catalog { get; }

    public PoetLearningServices Services { get; }

    public IPoetFeedback Feedback => Services.Feedback;

    public IPoetFunctions PoetFunctions => Services.Functions;

    /// <summary>Registers a detector with one learnable threshold, as the interceptor would on the first call.</summary>
    public FunctionPlan RegisterDetector(string functionId = DetectorId, double threshold = 3.0, double min = 0.01, double max = 10,
        string domain = MlMonitoringDomain.Name, double step = 0, bool enableTraining = true)
    {
        var plan = new FunctionPlan
        {
            FunctionId = functionId,
            InterfaceName = "IDriftDetector",
            MethodName = "Detect",
            Signature = "DriftReport Detect(double[] reference, double[] current, double threshold = 3.0)",
            Domain = domain,
            OptimizeFor = "accuracy",
            EnableTraining = enableTraining,
            Learnable = [LearnableParameterSpec.Create("threshold", 2, min, max, step, threshold, isInteger: false)],
        };
        Catalog.Register(plan);
        return plan;
    }

    /// <summary>Registers a plan with the given learnable parameters.</summary>
    public FunctionPlan Register(string functionId, string domain, params LearnableParameterSpec[] learnable)
    {
        var plan = new FunctionPlan { FunctionId = functionId, Domain = domain, Learnable = learnable };
        Catalog.Register(plan);
        return plan;
    }

    public double Threshold(string functionId = DetectorId) => Catalog.GetCurrent(functionId).Parameters["threshold"];

    /// <summary>"Calls" the detector: it fires when the score exceeds the current threshold.</summary>
    public DriftReport Detect(double score, string functionId = DetectorId)
    {
        var report = new DriftReport(score, score > Threshold(functionId));
        Record(functionId, report);
        return report;
    }

    /// <summary>Records an execution of <paramref name="functionId"/> that returned <paramref name="result"/> and links it.</summary>
    public ExecutionRecord Record(string functionId, object? result, ExecutionOutcome outcome = ExecutionOutcome.Success)
    {
        var current = Catalog.GetCurrent(functionId);
        var record = new ExecutionRecord
        {
            Id = ExecutionId.New(),
            FunctionId = functionId,
            Version = current.Version,
            StartedAt = DateTimeOffset.UtcNow,
            DurationMs = 1.5,
            Outcome = outcome,
            LearnedParameters = current.Parameters,
            Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0 }, ["current"] = new[] { 1.0, 9.0 } },
            Result = result,
        };
        Executions.TryRecord(record);
        Links.Link(result, record.Id);
        return record;
    }

    public void Dispose() => Catalog.Dispose();
}
