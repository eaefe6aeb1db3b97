namespace DriftDetection.Detection;

/// <summary>
/// What one detector call found in one chunk of a stream. A class (not a struct) so POET links it to its execution and
/// feedback on the report finds the call that produced it. Indices are indices in the whole stream.
/// POET's <c>ml_monitoring</c> template reads it as evidence: <see cref="AlertCount"/> says whether the call fired,
/// <see cref="Score"/> is what the threshold was compared with, <see cref="RunLength"/> what the persistence was compared with,
/// <see cref="Gap"/> what the cooldown was compared with.
/// </summary>
public sealed class AnomalyReport
{
    /// <summary>The first scored sample's index in the whole stream.</summary>
    public required int Start { get; init; }

    /// <summary>How many samples were scored.</summary>
    public required int Count { get; init; }

    /// <summary>The threshold this call ran with (the learned value POET supplied).</summary>
    public required double Threshold { get; init; }

    /// <summary>The persistence this call ran with: consecutive samples above the threshold an alert needs.</summary>
    public int Persistence { get; init; } = DetectorDefaults.Persistence;

    /// <summary>The cooldown this call ran with: samples after a trigger within which another trigger does not alert.</summary>
    public int Cooldown { get; init; } = DetectorDefaults.Cooldown;

    /// <summary>The alerts raised in the scored part.</summary>
    public required IReadOnlyList<AnomalyAlert> Alerts { get; init; }

    /// <summary>How many alerts were raised.</summary>
    public int AlertCount => Alerts.Count;

    /// <summary>
    /// The highest threshold at which this call would still have alerted with its persistence and cooldown: it alerted when
    /// <see cref="Threshold"/> is below this score (with persistence 1 and no cooldown, the highest |z| in the chunk).
    /// </summary>
    public required double Score { get; init; }

    /// <summary>
    /// The largest persistence at which this call would still have alerted with its threshold and cooldown (without a
    /// cooldown, the longest run of consecutive samples above <see cref="Threshold"/>): it alerted when this reached <see cref="Persistence"/>.
    /// </summary>
    public int RunLength { get; init; }

    /// <summary>
    /// The cooldown below which this call alerts with its threshold and persistence: the longest distance from a trigger in
    /// the scored part to the trigger before it (the reach + 1 when none came within reach: <see cref="DetectorDefaults.MaxCooldown"/>
    /// when POET learns the cooldown, the fixed cooldown otherwise; 0 without a trigger). It alerted exactly when
    /// <see cref="Cooldown"/> is below this.
    /// </summary>
    public int Gap { get; init; }

    /// <summary>Where the run behind <see cref="Score"/> ends: the call's closest call when nothing alerted.</summary>
    public required int PeakIndex { get; init; }
}
