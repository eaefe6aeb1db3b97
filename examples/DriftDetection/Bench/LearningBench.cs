using DriftDetection.Demo;
using DriftDetection.Detection;
using DriftDetection.Scoring;

namespace DriftDetection.Bench;

/// <summary>
/// The learning benchmark, scored the way NAB scores detectors: for the streams the demo ran, the corpus NAB score (standard,
/// low-FP and low-FN profiles) of the defaults, of learning online, of the learned values frozen and of the per-file oracle,
/// next to NAB's published detectors on the same files; and event-level F1. Goals (standard profile, 42 files): online
/// ≥ <see cref="OnlineGoal"/>, frozen ≥ <see cref="FrozenGoal"/>, no file worse than the defaults by more than
/// <see cref="WorseTolerance"/> points.
/// </summary>
public static class LearningBench
{
    /// <summary>The online goal (NAB standard).</summary>
    public const double OnlineGoal = 60;

    /// <summary>The frozen goal (NAB standard).</summary>
    public const double FrozenGoal = 65;

    /// <summary>How many points (the file normalized on its own) learning online may lose against the defaults on one file.</summary>
    public const double WorseTolerance = 2;

    /// <summary>One row per run, with its oracle (searched in parallel).</summary>
    /// <param name="runs">The demo's runs.</param>
    /// <param name="cooldowns">The cooldowns the oracles search: the detector's fixed one, or a grid when POET learns it.</param>
    /// <param name="shape">The detector's scoring shape the oracles score with (null: <see cref="ScoreShape.Default"/>).</param>
    public static IReadOnlyList<BenchRow> Rows(IEnumerable<StreamRun> runs, IReadOnlyList<int> cooldowns, ScoreShape? shape = null) =>
        [.. runs.AsParallel().AsOrdered().Select(run => new BenchRow(run, OracleSearch.Best(run.Stream, cooldowns, shape), HindsightOracle.OnlineAlerts(run.Stream, NabProfile.Standard, cooldowns, shape)))];

    /// <summary>The corpus scores per NAB profile, with <paramref name="published"/> scored on the same streams.</summary>
    public static IReadOnlyList<NabSummary> Summaries(IReadOnlyList<BenchRow> rows, IReadOnlyList<PublishedDetector> published)
    {
        if (rows.All(r => r.Run.Stream.Windows.Count == 0))
        {
            return [];
        }

        return [.. NabProfile.All.Select((profile, p) =>
        {
            var files = rows.Select(r => r.Run.Nab(profile)).ToList();
            return new NabSummary(
                profile,
                NabScorer.Normalize(files.Select(f => f.Defaults)),
                NabScorer.Normalize(files.Select(f => f.Online)),
                NabScorer.Normalize(files.Select(f => f.Frozen)),
                NabScorer.Normalize(rows.Select(r => r.Oracle.ThresholdOnly[p].Score)),
                NabScorer.Normalize(rows.Select(r => r.Oracle.Both[p].Score)),
                NabScorer.Normalize(rows.Select(r => NabScorer.Score(r.Run.Stream.Values.Length, r.Run.Stream.Windows, r.HindsightAlerts, profile))),
                [.. published.Select(d => (d.DisplayName, NabScorer.Normalize(rows.Select(r =>
                    NabScorer.Score(r.Run.Stream.Values.Length, r.Run.Stream.Windows, d.Detections(r.Run.Stream.Id, profile), profile)))))]);
        })];
    }
}
