namespace DriftDetection.Detection;

/// <summary>The detector's declared defaults and bounds (version 1 of the POET function), shared by the demo and the benchmark's grid.</summary>
public static class DetectorDefaults
{
    /// <summary>The POET function id of <see cref="IAnomalyDetector.Detect"/>.</summary>
    public const string FunctionId = "IAnomalyDetector.Detect";

    /// <summary>The learnable parameter's name.</summary>
    public const string ThresholdName = "threshold";

    /// <summary>The textbook z-score threshold: version 1's value.</summary>
    public const double Threshold = 3.0;

    /// <summary>The lowest threshold training may set.</summary>
    public const double MinThreshold = 1.0;

    /// <summary>The highest threshold training may set.</summary>
    public const double MaxThreshold = 20.0;

    /// <summary>The initial training step, in z units.</summary>
    public const double ThresholdStep = 0.5;
}
