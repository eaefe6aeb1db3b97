namespace DriftDetection.Scoring;

/// <summary>Event-level detection quality of one stream.</summary>
/// <param name="Windows">Labelled windows.</param>
/// <param name="Hits">Windows with at least one alert.</param>
/// <param name="FalseAlarms">False alarm events (clusters of alerts outside windows).</param>
public sealed record EventScore(int Windows, int Hits, int FalseAlarms)
{
    /// <summary>Windows without any alert.</summary>
    public int Misses => Windows - Hits;

    /// <summary>Hits / (hits + false alarms); 1 when nothing alerted.</summary>
    public double Precision => Hits + FalseAlarms == 0 ? 1 : (double)Hits / (Hits + FalseAlarms);

    /// <summary>Hits / windows; 1 when the stream has no window.</summary>
    public double Recall => Windows == 0 ? 1 : (double)Hits / Windows;

    /// <summary>The harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
