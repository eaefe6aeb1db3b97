namespace DriftDetection.Detection;

/// <summary>
/// The plain detector behind the POET proxy: alerts once per run of samples whose rolling z-score exceeds the threshold,
/// when the run reaches the persistence, unless another trigger came within the cooldown before it (see <see cref="AlertRule"/>).
/// Through <see cref="IAnomalyDetector"/> and <see cref="IThresholdDetector"/> the cooldown is this instance's fixed one.
/// </summary>
/// <param name="cooldown">The fixed cooldown, in samples (<see cref="DetectorDefaults.MinCooldown"/> to <see cref="DetectorDefaults.MaxCooldown"/>).</param>
/// <param name="shape">The fixed scoring shape (baseline and direction); null: <see cref="ScoreShape.Default"/>.</param>
public sealed class RollingZScoreDetector(int cooldown = DetectorDefaults.Cooldown, ScoreShape? shape = null) : IAnomalyDetector, IThresholdDetector, ICooldownDetector
{
    /// <summary>The fixed scoring shape.</summary>
    public ScoreShape Shape { get; } = shape ?? ScoreShape.Default;

    /// <summary>The fixed cooldown.</summary>
    public int Cooldown { get; } = cooldown is >= DetectorDefaults.MinCooldown and <= DetectorDefaults.MaxCooldown
        ? cooldown
        : throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"The cooldown must lie in {DetectorDefaults.MinCooldown}..{DetectorDefaults.MaxCooldown} samples (the context each call gets).");

    /// <inheritdoc />
    public AnomalyReport Detect(double[] values, int scoreFrom, int origin, double threshold = DetectorDefaults.Threshold, int persistence = DetectorDefaults.Persistence) =>
        Run(values, scoreFrom, origin, threshold, persistence, Cooldown, Shape, horizon: Cooldown);

    /// <inheritdoc />
    AnomalyReport ICooldownDetector.Detect(double[] values, int scoreFrom, int origin, double threshold, int persistence, int cooldown) =>
        Run(values, scoreFrom, origin, threshold, persistence, cooldown, Shape);

    /// <summary>Scores <paramref name="values"/> from <paramref name="scoreFrom"/> on with the given values (see <see cref="IAnomalyDetector.Detect"/>).</summary>
    /// <param name="values">The samples, context first.</param>
    /// <param name="scoreFrom">The first sample scored.</param>
    /// <param name="origin">The stream index of <c>values[0]</c>.</param>
    /// <param name="threshold">The threshold.</param>
    /// <param name="persistence">The persistence.</param>
    /// <param name="cooldown">The cooldown.</param>
    /// <param name="shape">The scoring shape (null: <see cref="ScoreShape.Default"/>).</param>
    /// <param name="horizon">
    /// How far back a trigger is looked for, which the <see cref="AnomalyReport.Gap"/> is told within: the longest cooldown
    /// (the default) when POET learns it, the fixed cooldown otherwise, so a detector without a cooldown scores only the
    /// persistence's reach of context, not the longest cooldown's.
    /// </param>
    public static AnomalyReport Run(double[] values, int scoreFrom, int origin, double threshold, int persistence, int cooldown, ScoreShape? shape = null,
        int horizon = DetectorDefaults.MaxCooldown)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scoreFrom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scoreFrom, values.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(persistence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);

        // Samples before scoreFrom are scored too: a run that started there counts towards the persistence, and a trigger
        // there starts a cooldown. Triggers more than the cooldown (or the horizon) back cannot matter (nor tell a gap the
        // horizon reaches); the extra persistence makes the oldest of those that can exact.
        var first = Math.Max(0, scoreFrom - DetectorDefaults.MaxPersistence - Math.Max(cooldown, horizon));
        var scores = RollingZScore.Scores(values, first, shape ?? ScoreShape.Default);

        var from = scoreFrom - first;
        var alerts = AlertRule.Alerts(scores, threshold, persistence, cooldown, from).Select(i => new AnomalyAlert(origin + first + i, scores[i])).ToList();
        var (level, end) = AlertRule.PersistentPeak(scores, persistence, cooldown, from);
        return new AnomalyReport
        {
            Start = origin + scoreFrom,
            Count = values.Length - scoreFrom,
            Threshold = threshold,
            Persistence = persistence,
            Cooldown = cooldown,
            Alerts = alerts,
            Score = level,
            RunLength = AlertRule.LongestRun(scores, threshold, cooldown, from),
            Gap = AlertRule.Gap(scores, threshold, persistence, horizon, from),
            PeakIndex = origin + first + end,
        };
    }
}
