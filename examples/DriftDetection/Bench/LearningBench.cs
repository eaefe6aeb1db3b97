using DriftDetection.Demo;

namespace DriftDetection.Bench;

/// <summary>
/// The learning benchmark: for every stream the demo ran, the ceiling (best fixed threshold by grid search) next to F1
/// before and after feedback; per group and overall, mean F1 and the share of the gap closed. Goal: at least
/// <see cref="GapClosedGoal"/> closed and no stream worse by more than <see cref="WorseTolerance"/>.
/// </summary>
public static class LearningBench
{
    /// <summary>The share of the before-to-ceiling gap learning should close.</summary>
    public const double GapClosedGoal = 0.6;

    /// <summary>How much worse than before a stream may end (F1).</summary>
    public const double WorseTolerance = 0.02;

    /// <summary>One row per run, with its ceiling.</summary>
    public static IReadOnlyList<BenchRow> Rows(IEnumerable<StreamRun> runs) =>
        [.. runs.AsParallel().AsOrdered().Select(run =>
        {
            var (threshold, ceiling) = CeilingSearch.Best(run.Stream);
            return new BenchRow(run.Stream.Group, run.Stream.Id, run.Before.F1, run.After.F1, Math.Max(ceiling.F1, run.Before.F1), threshold, run.ThresholdPath[^1].Threshold);
        })];

    /// <summary>One summary per group (ordered by name), then the overall one.</summary>
    public static IReadOnlyList<BenchSummary> Summaries(IReadOnlyList<BenchRow> rows) =>
        [.. rows.GroupBy(r => r.Group).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => BenchSummary.Of(g.Key, [.. g])), BenchSummary.Of("overall", rows)];
}
