using DriftDetection.Detection;
using Poet;

namespace DriftDetection.Sessions;

/// <summary>
/// TEMPORARY stand-in for <c>PoetDetectorSession</c> until the POET interceptor, store and learning land: calls the
/// plain detector, keeps "versions" in memory, reads feedback with <see cref="TemporaryKeywordTranslator"/> and applies
/// <see cref="TemporarySignAdaptiveStep"/>. Nothing is written to disk. Define POET_WIRED to replace it.
/// </summary>
internal sealed class TemporaryLocalLearningSession : IDetectorSession
{
    private readonly RollingZScoreDetector _detector = new();
    private readonly HashSet<string> _executions = new(StringComparer.Ordinal);
    private readonly TemporarySignAdaptiveStep _step =
        new(DetectorDefaults.ThresholdStep, DetectorDefaults.MinThreshold, DetectorDefaults.MaxThreshold);

    /// <inheritdoc />
    public string Mode => "temporary in-demo learner (POET not wired yet)";

    /// <inheritdoc />
    public int CurrentVersion { get; private set; } = 1;

    /// <inheritdoc />
    public double CurrentThreshold { get; private set; } = DetectorDefaults.Threshold;

    /// <inheritdoc />
    public Task<ScoredStream> ScoreAsync(double[] series, CancellationToken cancellationToken = default)
    {
        var chunks = new List<ScoredChunk>();
        foreach (var slice in StreamChunks.Of(series.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = _detector.Detect(slice.Values(series), slice.ScoreFrom, slice.ContextStart, CurrentThreshold);
            var id = ExecutionId.New().Value;
            _executions.Add(id);
            chunks.Add(new ScoredChunk(id, report));
        }

        return Task.FromResult(new ScoredStream(CurrentVersion, CurrentThreshold, chunks));
    }

    /// <inheritdoc />
    public Task<LearningStep> FeedbackAsync(string executionId, string message, CancellationToken cancellationToken = default)
    {
        if (!_executions.Contains(executionId))
        {
            throw new PoetFeedbackException($"No execution '{executionId}' was recorded by this session; send feedback on an id returned by ScoreAsync.");
        }

        var direction = TemporaryKeywordTranslator.Direction(message);
        var old = CurrentThreshold;
        var updated = _step.Apply(old, direction);
        var interpretation = direction switch { > 0 => "false_alarm: raise threshold", < 0 => "missed_event: lower threshold", _ => "no change" };
        if (updated == old)
        {
            return Task.FromResult(new LearningStep(null, old, old, interpretation));
        }

        CurrentThreshold = updated;
        CurrentVersion++;
        return Task.FromResult(new LearningStep(CurrentVersion, old, updated, interpretation));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
