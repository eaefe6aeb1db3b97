namespace DriftDetection.Sessions;

/// <summary>What one feedback message did to the detector.</summary>
/// <param name="NewVersion">The version written, or null when nothing changed.</param>
/// <param name="OldThreshold">The threshold before.</param>
/// <param name="NewThreshold">The threshold after (equal to <paramref name="OldThreshold"/> when nothing changed).</param>
/// <param name="Interpretation">How the feedback was read (the learning signal's verdict or issue).</param>
public sealed record LearningStep(int? NewVersion, double OldThreshold, double NewThreshold, string Interpretation);
