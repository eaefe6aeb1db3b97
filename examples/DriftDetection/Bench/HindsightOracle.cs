using DriftDetection.Detection;
using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace DriftDetection.Bench;

/// <summary>
/// What stands in the way of learning online: a learner that knows every label of the stream up to the current call (not 20
/// messages) and before each call takes the fixed values that would have scored best on the stream so far (NAB standard;
/// among equals, the nearest to the declared defaults), scored on its own online pass. No learner that learns from the past
/// can be expected to beat it by much: it shows how much of the per-file oracle is reachable online at all.
/// </summary>
public static class HindsightOracle
{
    /// <summary>The threshold grid's spacing in z units.</summary>
    public const double GridStep = 0.25;

    /// <summary>The online pass of the hindsight learner: its alerted samples.</summary>
    /// <param name="stream">The stream, with its labels.</param>
    /// <param name="profile">The NAB profile it optimizes.</param>
    /// <param name="cooldowns">The cooldowns it may take: the fixed one, or a grid over a learnable cooldown's bounds.</param>
    /// <param name="shape">The detector's scoring shape (null: <see cref="ScoreShape.Default"/>).</param>
    public static IReadOnlyList<int> OnlineAlerts(LabelledStream stream, NabProfile profile, IReadOnlyList<int> cooldowns, ScoreShape? shape = null)
    {
        var scores = RollingZScore.ScoreAll(stream.Values, shape);
        var length = stream.Values.Length;
        var chunks = StreamChunks.Of(length).Select(s => s.Start).ToArray();
        var grid = new List<(DetectorValues Values, List<int> Alerts, double[] Prefix)>();
        var steps = (int)Math.Round((DetectorDefaults.MaxThreshold - DetectorDefaults.MinThreshold) / GridStep);
        foreach (var (cooldown, p) in cooldowns.SelectMany(c => DetectorDefaults.Persistences.Select(x => (c, x))))
        {
            for (var i = 0; i <= steps; i++)
            {
                var values = new DetectorValues(DetectorDefaults.MinThreshold + (i * GridStep), p, cooldown);
                var alerts = values.Alerts(scores);
                grid.Add((values, alerts, Prefix(NabScorer.Contributions(length, stream.Windows, alerts, profile), chunks)));
            }
        }

        var online = new List<int>();
        for (var c = 0; c < chunks.Length; c++)
        {
            var best = grid.OrderByDescending(g => Math.Round(g.Prefix[c], 9)).ThenBy(g => Distance(g.Values)).First();
            var end = c + 1 < chunks.Length ? chunks[c + 1] : length;
            online.AddRange(best.Alerts.Where(a => a >= chunks[c] && a < end));
        }

        return online;
    }

    /// <summary>The raw score known before each chunk starts.</summary>
    private static double[] Prefix(IReadOnlyList<NabContribution> parts, int[] chunks)
    {
        var ordered = parts.OrderBy(p => p.KnownFrom).ToArray();
        var prefix = new double[chunks.Length];
        var sum = 0.0;
        var k = 0;
        for (var c = 0; c < chunks.Length; c++)
        {
            while (k < ordered.Length && ordered[k].KnownFrom <= chunks[c])
            {
                sum += ordered[k++].Value;
            }

            prefix[c] = sum;
        }

        return prefix;
    }

    private static double Distance(DetectorValues v) =>
        (Math.Abs(v.Threshold - DetectorDefaults.Threshold) / (DetectorDefaults.MaxThreshold - DetectorDefaults.MinThreshold))
        + (Math.Abs(v.Persistence - DetectorDefaults.Persistence) / (double)(DetectorDefaults.MaxPersistence - DetectorDefaults.MinPersistence))
        + (Math.Abs(v.Cooldown - DetectorDefaults.Cooldown) / (double)(DetectorDefaults.MaxCooldown - DetectorDefaults.MinCooldown));
}
