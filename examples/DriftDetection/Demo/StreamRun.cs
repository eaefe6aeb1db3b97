using DriftDetection.Scoring;
using DriftDetection.Streams;

namespace DriftDetection.Demo;

/// <summary>One stream's demo: before (version 1, defaults), the feedback conversation, and after (the learned version).</summary>
/// <param name="Stream">The stream.</param>
/// <param name="BeforeAlerts">Alerted samples with the defaults.</param>
/// <param name="AfterAlerts">Alerted samples with the learned version.</param>
/// <param name="Before">Event-level score with the defaults.</param>
/// <param name="After">Event-level score with the learned version.</param>
/// <param name="Exchanges">The messages sent and what each did.</param>
/// <param name="ThresholdPath">The threshold of each version, version 1 first.</param>
public sealed record StreamRun(
    LabelledStream Stream,
    IReadOnlyList<int> BeforeAlerts,
    IReadOnlyList<int> AfterAlerts,
    EventScore Before,
    EventScore After,
    IReadOnlyList<FeedbackExchange> Exchanges,
    IReadOnlyList<VersionPoint> ThresholdPath)
{
    /// <summary>Versions written by feedback (version 1 is the declared defaults, not counted).</summary>
    public int VersionsWritten => ThresholdPath.Count - 1;
}

/// <summary>A version and its threshold.</summary>
public readonly record struct VersionPoint(int Version, double Threshold);
