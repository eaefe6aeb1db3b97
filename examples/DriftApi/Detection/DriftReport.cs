namespace DriftApi.Detection;

/// <summary>What a drift check found.</summary>
/// <param name="IsDrift">Whether the score exceeds the threshold.</param>
/// <param name="Score">How far the current mean moved, in reference standard deviations.</param>
/// <param name="Threshold">The threshold the check ran with (POET's learned value).</param>
/// <param name="ReferenceMean">The reference window's mean.</param>
/// <param name="CurrentMean">The current window's mean.</param>
public sealed record DriftReport(bool IsDrift, double Score, double Threshold, double ReferenceMean, double CurrentMean);
