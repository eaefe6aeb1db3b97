namespace DriftDetection.Detection;

/// <summary>
/// The plain detector behind the POET proxy: alerts once per run of samples whose rolling z-score exceeds the threshold,
/// when the run reaches the persistence (see <see cref="AlertRule"/>).
/// </summary>
public sealed class RollingZScoreDetector : IAnomalyDetector, IThresholdDetector
{
    /// <inheritdoc />
    public AnomalyReport Detect(double[] values, int scoreFrom, int origin, double threshold = DetectorDefaults.Threshold, int persistence = DetectorDefaults.Persistence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scoreFrom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scoreFrom, values.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(persistence, 1);

        // Samples just before scoreFrom are scored too: a run that started there counts towards the persistence.
        var first = Math.Max(0, scoreFrom - DetectorDefaults.MaxPersistence);
        var scores = new double[values.Length - first];
        for (var i = first; i < values.Length; i++)
        {
            scores[i - first] = RollingZScore.ScoreAt(values, i);
        }

        var from = scoreFrom - first;
        var alerts = AlertRule.Alerts(scores, threshold, persistence, from).Select(i => new AnomalyAlert(origin + first + i, scores[i])).ToList();
        var (level, end) = AlertRule.PersistentPeak(scores, persistence, from);
        return new AnomalyReport
        {
            Start = origin + scoreFrom,
            Count = values.Length - scoreFrom,
            Threshold = threshold,
            Persistence = persistence,
            Alerts = alerts,
            Score = level,
            RunLength = AlertRule.LongestRun(scores, threshold, from),
            PeakIndex = origin + first + end,
        };
    }
}
