namespace DriftDetection.Sessions;

/// <summary>A whole stream scored chunk by chunk with one version of the detector.</summary>
/// <param name="Version">The function version the calls ran with.</param>
/// <param name="Threshold">The threshold the calls ran with.</param>
/// <param name="Chunks">The calls, in stream order.</param>
public sealed record ScoredStream(int Version, double Threshold, IReadOnlyList<ScoredChunk> Chunks)
{
    /// <summary>Every alerted sample index, ascending.</summary>
    public IReadOnlyList<int> AlertIndices { get; } = [.. Chunks.SelectMany(c => c.Report.Alerts).Select(a => a.Index).Order()];

    /// <summary>The call that scored <paramref name="index"/>.</summary>
    public ScoredChunk ChunkAt(int index) =>
        Chunks.FirstOrDefault(c => c.Covers(index)) ?? throw new ArgumentOutOfRangeException(nameof(index), index, "No chunk scored this sample.");
}
