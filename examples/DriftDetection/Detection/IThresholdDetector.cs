using Poet;

namespace DriftDetection.Detection;

/// <summary>
/// The same detector with one learnable, the threshold (persistence stays at its default, 1): the one-learnable side of
/// LearningBench's comparison (<c>--learn threshold</c>). <see cref="RollingZScoreDetector"/> implements both interfaces.
/// </summary>
public interface IThresholdDetector
{
    /// <summary>The POET function id of <see cref="Detect"/>.</summary>
    const string FunctionId = "IThresholdDetector.Detect";

    /// <summary>Scores <paramref name="values"/> from <paramref name="scoreFrom"/> on (see <see cref="IAnomalyDetector.Detect"/>).</summary>
    /// <param name="values">The chunk to score, preceded by its context.</param>
    /// <param name="scoreFrom">The index in <paramref name="values"/> of the first sample to score.</param>
    /// <param name="origin">The index in the whole stream of <c>values[0]</c>.</param>
    /// <param name="threshold">Alert when a sample's |z| exceeds it; learned by POET from operator feedback.</param>
    /// <param name="persistence">Consecutive samples above the threshold an alert needs; fixed here.</param>
    /// <returns>The alerts in the scored part, and its closest call.</returns>
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy", Replayable = true)]
    AnomalyReport Detect(
        double[] values,
        int scoreFrom,
        int origin,
        [Learnable(Min = DetectorDefaults.MinThreshold, Max = DetectorDefaults.MaxThreshold, Step = DetectorDefaults.ThresholdStep)]
        double threshold = DetectorDefaults.Threshold,
        int persistence = DetectorDefaults.Persistence);
}
