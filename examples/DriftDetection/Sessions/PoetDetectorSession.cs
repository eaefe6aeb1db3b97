using Autofac;
using DriftDetection.Detection;
using Poet;

namespace DriftDetection.Sessions;

/// <summary>
/// The real thing: one POET container per stream (its own store folder, so each stream learns from version 1). Each
/// chunk is one call through the POET proxy, so each has its own execution record (arguments, report, the learned
/// threshold it ran with); feedback goes to that execution by id and POET's translator and trainer write new versions.
/// Uses only the public contract (<c>using Autofac; using Poet;</c>).
/// </summary>
internal sealed class PoetDetectorSession : IDetectorSession
{
    private readonly IContainer _container;
    private readonly IAnomalyDetector _detector;
    private readonly IPoetFeedback _feedback;
    private readonly IPoetFunctions _functions;

    public PoetDetectorSession(string storePath, bool useLlm)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(options =>
        {
            options.StorePath = storePath;
            if (useLlm)
            {
                var (endpoint, model) = LlmSettings.FromEnvironment();
                options.UseOllama(endpoint, model);
            }
        });
        builder.RegisterType<RollingZScoreDetector>().As<IAnomalyDetector>().EnablePoet();
        _container = builder.Build();
        _detector = _container.Resolve<IAnomalyDetector>();
        _feedback = _container.Resolve<IPoetFeedback>();
        _functions = _container.Resolve<IPoetFunctions>();
        Mode = useLlm ? "POET (LLM translator)" : "POET (offline translator)";
    }

    public string Mode { get; }

    public int CurrentVersion => Current()?.CurrentVersion ?? 1;

    public double CurrentThreshold =>
        Current()?.Parameters.TryGetValue(DetectorDefaults.ThresholdName, out var value) == true ? value : DetectorDefaults.Threshold;

    public Task<ScoredStream> ScoreAsync(double[] series, CancellationToken cancellationToken = default)
    {
        var chunks = new List<ScoredChunk>();
        foreach (var slice in StreamChunks.Of(series.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The threshold argument is POET's to supply: the current version's learned value.
            var report = _detector.Detect(slice.Values(series), slice.ScoreFrom, slice.ContextStart);
            var id = PoetContext.LastExecutionId
                ?? throw new InvalidOperationException("POET did not record the detector call: is IAnomalyDetector registered with EnablePoet()?");
            chunks.Add(new ScoredChunk(id.Value, report));
        }

        var threshold = chunks.Count > 0 ? chunks[0].Report.Threshold : CurrentThreshold;
        return Task.FromResult(new ScoredStream(CurrentVersion, threshold, chunks));
    }

    public async Task<LearningStep> FeedbackAsync(string executionId, string message, CancellationToken cancellationToken = default)
    {
        var before = CurrentThreshold;
        var outcome = await _feedback.FeedbackAsync(ExecutionId.Parse(executionId), message, cancellationToken);
        var change = outcome.Changes.FirstOrDefault(c => c.Name == DetectorDefaults.ThresholdName);
        var interpretation = $"{outcome.Signal.Verdict} {outcome.Signal.Issue}".Trim();
        return change is null
            ? new LearningStep(outcome.NewVersion, before, before, interpretation)
            : new LearningStep(outcome.NewVersion, change.OldValue, change.NewValue, interpretation);
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private PoetFunctionInfo? Current()
    {
        try
        {
            return _functions.Get(DetectorDefaults.FunctionId);
        }
        catch (KeyNotFoundException)
        {
            return null; // not called yet: version 1 with the declared defaults
        }
    }
}
