using DriftDetection.Detection;

namespace DriftDetection.Sessions;

/// <summary>What one feedback message did to the detector.</summary>
/// <param name="NewVersion">The version written, or null when nothing changed.</param>
/// <param name="Old">The values before.</param>
/// <param name="New">The values after (equal to <paramref name="Old"/> when nothing changed).</param>
/// <param name="Interpretation">How the feedback was read (the learning signal's verdict and issue).</param>
/// <param name="Translator">The translator that read it (<c>offline</c>, <c>llm</c>, ...).</param>
/// <param name="Rationale">Why it did what it did (the signal's rationale: the credit, what stopped it).</param>
public sealed record LearningStep(int? NewVersion, DetectorValues Old, DetectorValues New, string Interpretation, string Translator, string Rationale = "");
