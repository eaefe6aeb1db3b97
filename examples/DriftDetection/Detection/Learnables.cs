namespace DriftDetection.Detection;

/// <summary>Which of the detector's parameters POET learns.</summary>
public enum Learnables
{
    /// <summary>Threshold and persistence (<see cref="IAnomalyDetector"/>).</summary>
    ThresholdAndPersistence,

    /// <summary>The threshold alone, persistence fixed at 1 (<see cref="IThresholdDetector"/>).</summary>
    Threshold,

    /// <summary>Threshold, persistence and cooldown (<see cref="ICooldownDetector"/>).</summary>
    All,
}
