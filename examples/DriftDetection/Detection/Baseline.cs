namespace DriftDetection.Detection;

/// <summary>How the rolling z-score summarizes the baseline window before a sample.</summary>
public enum Baseline
{
    /// <summary>Mean and standard deviation: an anomaly or an earlier spike in the window inflates both.</summary>
    Mean,

    /// <summary>
    /// Median and MAD scaled to a standard deviation (1.4826 × MAD; when the MAD is 0, 1.2533 × the mean absolute deviation
    /// from the median, Iglewicz and Hoaglin's rule): up to half the window can be spikes without moving the baseline much.
    /// </summary>
    Robust,
}
