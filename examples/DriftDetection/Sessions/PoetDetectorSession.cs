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
    private readonly Func<double[], int, int, AnomalyReport> _detect;
    private readonly string _functionId;
    private readonly IPoetFeedback _feedback;
    private readonly IPoetFunctions _functions;
    private readonly int _cooldown;

    public PoetDetectorSession(string storePath, bool useLlm, Learnables learnables = Learnables.ThresholdAndPersistence,
        (double Silent, double Fired)? unlabelled = null, int cooldown = DetectorDefaults.Cooldown, ScoreShape? shape = null)
    {
        _cooldown = cooldown;
        var builder = new ContainerBuilder();
        builder.AddPoet(options =>
        {
            options.StorePath = storePath;

            // Learning needs every execution the operator talks about: on a busy machine the caller waits for the store
            // rather than a record being dropped (the default), which would make a run differ from the next.
            options.RecordingOverflow = RecordingOverflowMode.Block;
            if (unlabelled is var (silent, fired))
            {
                options.AddDomain(MlMonitoringDomain.Template.WithUnlabelledWeights(silent, fired));
            }
            if (useLlm)
            {
                var (endpoint, model) = LlmSettings.FromEnvironment();
                options.UseOllama(endpoint, model);
            }
        });
        builder.Register(_ => new RollingZScoreDetector(cooldown, shape)).As<IAnomalyDetector>().EnablePoet();
        builder.Register(_ => new RollingZScoreDetector(cooldown, shape)).As<IThresholdDetector>().EnablePoet();
        builder.Register(_ => new RollingZScoreDetector(cooldown, shape)).As<ICooldownDetector>().EnablePoet();
        _container = builder.Build();
        if (learnables == Learnables.All)
        {
            var detector = _container.Resolve<ICooldownDetector>();
            _detect = (values, scoreFrom, origin) => detector.Detect(values, scoreFrom, origin);
            _functionId = ICooldownDetector.FunctionId;
            _cooldown = DetectorDefaults.LearnedCooldownDefault;
        }
        else if (learnables == Learnables.Threshold)
        {
            var detector = _container.Resolve<IThresholdDetector>();
            _detect = (values, scoreFrom, origin) => detector.Detect(values, scoreFrom, origin);
            _functionId = IThresholdDetector.FunctionId;
        }
        else
        {
            var detector = _container.Resolve<IAnomalyDetector>();
            _detect = (values, scoreFrom, origin) => detector.Detect(values, scoreFrom, origin);
            _functionId = DetectorDefaults.FunctionId;
        }

        _feedback = _container.Resolve<IPoetFeedback>();
        _functions = _container.Resolve<IPoetFunctions>();
        Mode = useLlm ? "POET (LLM translator)" : "POET (offline translator)";
    }

    public string Mode { get; }

    public int CurrentVersion => Info()?.CurrentVersion ?? 1;

    public DetectorValues Current => Info() is { } info ? Read(info.Parameters, _cooldown) : DetectorValues.Defaults with { Cooldown = _cooldown };

    public ScoredChunk ScoreChunk(double[] series, StreamChunks.Slice slice)
    {
        // The threshold and persistence arguments are POET's to supply: the current version's learned values.
        var report = _detect(slice.Values(series), slice.ScoreFrom, slice.ContextStart);
        var id = PoetContext.LastExecutionId
            ?? throw new InvalidOperationException("POET did not record the detector call: is IAnomalyDetector registered with EnablePoet()?");
        return new ScoredChunk(id.Value, report);
    }

    public ScoredStream Score(double[] series) => new([.. StreamChunks.Of(series.Length).Select(slice => ScoreChunk(series, slice))]);

    public async Task<LearningStep> FeedbackAsync(string executionId, string message, CancellationToken cancellationToken = default)
    {
        var before = Current;
        var outcome = await _feedback.FeedbackAsync(ExecutionId.Parse(executionId), message, cancellationToken);
        var after = outcome.NewVersion is null ? before : Current;
        var interpretation = $"{outcome.Signal.Verdict} {outcome.Signal.Issue}".Trim();
        return new LearningStep(outcome.NewVersion, before, after, interpretation, outcome.Signal.Translator, outcome.Signal.Rationale);
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private static DetectorValues Read(IReadOnlyDictionary<string, double> parameters, int fixedCooldown) => new(
        parameters.TryGetValue(DetectorDefaults.ThresholdName, out var threshold) ? threshold : DetectorDefaults.Threshold,
        parameters.TryGetValue(DetectorDefaults.PersistenceName, out var persistence) ? (int)Math.Round(persistence) : DetectorDefaults.Persistence,
        parameters.TryGetValue(DetectorDefaults.CooldownName, out var cooldown) ? (int)Math.Round(cooldown) : fixedCooldown);

    private PoetFunctionInfo? Info()
    {
        try
        {
            return _functions.Get(_functionId);
        }
        catch (KeyNotFoundException)
        {
            return null; // not called yet: version 1 with the declared defaults
        }
    }
}
