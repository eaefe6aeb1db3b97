using Poet;

namespace DriftDetection.Detection;

/// <summary>The POET-enhanced detector: each call scores one chunk of a stream, so each chunk is one execution with its own id.</summary>
public interface IAnomalyDetector
{
    /// <summary>Scores <paramref name="values"/> from <paramref name="scoreFrom"/> on; earlier values are context for the rolling window.</summary>
    /// <param name="values">The chunk to score, preceded by up to <see cref="DriftDetection.Sessions.StreamChunks.ContextSize"/> samples of context.</param>
    /// <param name="scoreFrom">The index in <paramref name="values"/> of the first sample to score.</param>
    /// <param name="origin">The index in the whole stream of <c>values[0]</c> (reports use whole-stream indices).</param>
    /// <param name="threshold">Alert when a sample's |z| exceeds it; learned by POET from operator feedback.</param>
    /// <param name="persistence">Consecutive samples above the threshold an alert needs; learned by POET from operator feedback.</param>
    /// <returns>The alerts in the scored part, and its closest call.</returns>
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy", Replayable = true)]
    AnomalyReport Detect(
        double[] values,
        int scoreFrom,
        int origin,
        [Learnable(Min = DetectorDefaults.MinThreshold, Max = DetectorDefaults.MaxThreshold, Step = DetectorDefaults.ThresholdStep)]
        double threshold = DetectorDefaults.Threshold,
        [Learnable(Min = DetectorDefaults.MinPersistence, Max = DetectorDefaults.MaxPersistence, Step = 1)]
        int persistence = DetectorDefaults.Persistence);
}
