using Poet;

namespace DriftDetection.Detection;

/// <summary>
/// The same detector with three learnables: threshold, persistence and cooldown (<c>--learn all</c>). Version 1's cooldown
/// is <see cref="DetectorDefaults.LearnedCooldownDefault"/>, by the rule fixed before measuring (one baseline window).
/// <see cref="RollingZScoreDetector"/> implements it.
/// </summary>
public interface ICooldownDetector
{
    /// <summary>The POET function id of <see cref="Detect"/>.</summary>
    const string FunctionId = "ICooldownDetector.Detect";

    /// <summary>Scores <paramref name="values"/> from <paramref name="scoreFrom"/> on (see <see cref="IAnomalyDetector.Detect"/>).</summary>
    /// <param name="values">The chunk to score, preceded by its context.</param>
    /// <param name="scoreFrom">The index in <paramref name="values"/> of the first sample to score.</param>
    /// <param name="origin">The index in the whole stream of <c>values[0]</c>.</param>
    /// <param name="threshold">Alert when a sample's |z| exceeds it; learned by POET from operator feedback.</param>
    /// <param name="persistence">Consecutive samples above the threshold an alert needs; learned by POET from operator feedback.</param>
    /// <param name="cooldown">Samples after a trigger within which another trigger does not alert; learned by POET from operator feedback.</param>
    /// <returns>The alerts in the scored part, and its closest call.</returns>
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy", Replayable = true)]
    AnomalyReport Detect(
        double[] values,
        int scoreFrom,
        int origin,
        [Learnable(Min = DetectorDefaults.MinThreshold, Max = DetectorDefaults.MaxThreshold, Step = DetectorDefaults.ThresholdStep)]
        double threshold = DetectorDefaults.Threshold,
        [Learnable(Min = DetectorDefaults.MinPersistence, Max = DetectorDefaults.MaxPersistence, Step = 1)]
        int persistence = DetectorDefaults.Persistence,
        [Learnable(Min = DetectorDefaults.MinCooldown, Max = DetectorDefaults.MaxCooldown, Step = DetectorDefaults.CooldownStep)]
        int cooldown = DetectorDefaults.LearnedCooldownDefault);
}
