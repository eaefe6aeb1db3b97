namespace DriftDetection.Bench;

/// <summary>One stream in the learning benchmark: F1 before, after and at the ceiling (best fixed threshold).</summary>
public sealed record BenchRow(string Group, string StreamId, double Before, double After, double Ceiling, double CeilingThreshold, double LearnedThreshold)
{
    /// <summary>Whether learning made the stream worse by more than the tolerated 0.02 F1.</summary>
    public bool IsWorse => After < Before - LearningBench.WorseTolerance;
}
