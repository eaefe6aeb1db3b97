namespace DriftDetection.Detection;

/// <summary>One alerted sample: its index in the whole stream and its anomaly score (|z|).</summary>
public sealed record AnomalyAlert(int Index, double Score);
