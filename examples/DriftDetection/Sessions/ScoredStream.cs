using DriftDetection.Detection;

namespace DriftDetection.Sessions;

/// <summary>A stream scored chunk by chunk (by one version, or online while learning).</summary>
/// <param name="Chunks">The calls, in stream order.</param>
public sealed record ScoredStream(IReadOnlyList<ScoredChunk> Chunks)
{
    /// <summary>Every alerted sample index, ascending.</summary>
    public IReadOnlyList<int> AlertIndices { get; } = [.. Chunks.SelectMany(c => c.Report.Alerts).Select(a => a.Index).Order()];

    /// <summary>The values of the first call (for a stream scored by one version: that version's values).</summary>
    public DetectorValues Values => Chunks.Count > 0 ? new(Chunks[0].Report.Threshold, Chunks[0].Report.Persistence, Chunks[0].Report.Cooldown) : DetectorValues.Defaults;
}
