using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace DriftDetection.Bench;

/// <summary>
/// What label timing allows (NAB standard): where the online and frozen passes lose points against the oracle (a
/// <see cref="LossSplit"/> per stream, summed in corpus points), and the ceilings of a learner that runs the defaults until
/// a label arrives and the oracle's values from then on.
/// </summary>
public static class LabelTiming
{
    /// <summary>The summed loss of the online pass against the oracle, in corpus points (NAB standard).</summary>
    public static LossSplit OnlineLoss(IReadOnlyList<BenchRow> rows) => Sum(rows, r => r.OnlineLoss);

    /// <summary>The summed loss of the frozen pass against the oracle, split at the online pass's first label, in corpus points (NAB standard).</summary>
    public static LossSplit FrozenLoss(IReadOnlyList<BenchRow> rows) => Sum(rows, r => r.FrozenLoss);

    /// <summary>Raw points to corpus points: 100 over the corpus's perfect minus null raw score (NAB standard).</summary>
    public static double PointsPerRaw(IReadOnlyList<BenchRow> rows)
    {
        var span = rows.Sum(r => NabProfile.Standard.TpWeight * r.Run.Stream.Windows.Count) + rows.Sum(r => NabProfile.Standard.FnWeight * r.Run.Stream.Windows.Count);
        return span > 0 ? 100 / span : 0;
    }

    /// <summary>The corpus score (NAB standard) of the defaults until each stream's <paramref name="from"/> and the oracle's values from it on.</summary>
    public static double Ceiling(IReadOnlyList<BenchRow> rows, Func<BenchRow, int> from) =>
        NabScorer.Normalize(rows.Select(r => NabScorer.Score(r.Run.Stream.Values.Length, r.Run.Stream.Windows, Switched(r.Run.DefaultAlerts, r.Oracle.Both[0].Alerts, from(r)), NabProfile.Standard)));

    /// <summary>The alerts of the defaults before <paramref name="from"/> and of the oracle from it on.</summary>
    public static IReadOnlyList<int> Switched(IEnumerable<int> defaults, IEnumerable<int> oracle, int from) =>
        [.. defaults.Where(i => i < from).Concat(oracle.Where(i => i >= from))];

    /// <summary>The first sample a learner could act on the stream's first window's label: the call after the one that scored the window's end (the stream's length without windows).</summary>
    public static int AfterFirstWindow(LabelledStream stream)
    {
        var length = stream.Values.Length;
        return stream.Windows.Count == 0 ? length : Math.Min(length, ((stream.Windows.Min(w => w.End) / StreamChunks.ChunkSize) + 1) * StreamChunks.ChunkSize);
    }

    private static LossSplit Sum(IReadOnlyList<BenchRow> rows, Func<BenchRow, LossSplit> split) =>
        rows.Aggregate(default(LossSplit), (sum, r) => sum + split(r)).Scale(PointsPerRaw(rows));
}
