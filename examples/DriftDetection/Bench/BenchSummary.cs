namespace DriftDetection.Bench;

/// <summary>Mean F1 before, after and at the ceiling over a set of streams, and the share of the gap learning closed.</summary>
public sealed record BenchSummary(string Name, int Streams, double Before, double After, double Ceiling, int WorseStreams)
{
    /// <summary><c>(after - before) / (ceiling - before)</c>; 1 when there was no gap to close.</summary>
    public double GapClosed => Ceiling - Before <= 1e-12 ? 1 : (After - Before) / (Ceiling - Before);

    /// <summary>Summarizes <paramref name="rows"/>.</summary>
    public static BenchSummary Of(string name, IReadOnlyCollection<BenchRow> rows) => new(
        name,
        rows.Count,
        rows.Count == 0 ? 0 : rows.Average(r => r.Before),
        rows.Count == 0 ? 0 : rows.Average(r => r.After),
        rows.Count == 0 ? 0 : rows.Average(r => r.Ceiling),
        rows.Count(r => r.IsWorse));
}
