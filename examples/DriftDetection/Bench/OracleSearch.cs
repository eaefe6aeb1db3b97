using DriftDetection.Detection;
using DriftDetection.Scoring;
using DriftDetection.Streams;

namespace DriftDetection.Bench;

/// <summary>
/// The oracle: the best fixed values for one stream, found with the labels by a grid search over the learnables' bounds
/// (threshold in steps of <see cref="GridStep"/>, every persistence, every cooldown the run may use), for each NAB profile
/// and for F1.
/// </summary>
public static class OracleSearch
{
    /// <summary>The threshold grid's spacing in z units.</summary>
    public const double GridStep = 0.1;

    /// <summary>The best values for the stream: per NAB profile (in <see cref="NabProfile.All"/> order) with every learnable and with the threshold alone (the first cooldown), and the best F1.</summary>
    /// <param name="stream">The stream, with its labels.</param>
    /// <param name="cooldowns">The cooldowns to search: the fixed one, or a grid over a learnable cooldown's bounds.</param>
    /// <param name="shape">The detector's scoring shape (null: <see cref="ScoreShape.Default"/>).</param>
    public static OracleResult Best(LabelledStream stream, IReadOnlyList<int> cooldowns, ScoreShape? shape = null)
    {
        var scores = RollingZScore.ScoreAll(stream.Values, shape);
        var profiles = NabProfile.All;
        var both = new OracleChoice?[profiles.Count];
        var thresholdOnly = new OracleChoice?[profiles.Count];
        var bestF1 = (Values: DetectorValues.Defaults, F1: double.NegativeInfinity);
        var steps = (int)Math.Round((DetectorDefaults.MaxThreshold - DetectorDefaults.MinThreshold) / GridStep);
        foreach (var (cooldown, persistence) in cooldowns.SelectMany(c => DetectorDefaults.Persistences.Select(x => (c, x))))
        {
            for (var i = 0; i <= steps; i++)
            {
                var values = new DetectorValues(Math.Round(DetectorDefaults.MinThreshold + (i * GridStep), 6), persistence, cooldown);
                var alerts = values.Alerts(scores);
                var f1 = EventF1.Score(alerts, stream.Windows).F1;
                if (f1 > bestF1.F1)
                {
                    bestF1 = (values, f1);
                }

                for (var p = 0; p < profiles.Count; p++)
                {
                    var score = NabScorer.Score(stream.Values.Length, stream.Windows, alerts, profiles[p]);
                    if (both[p] is null || score.Raw > both[p]!.Score.Raw)
                    {
                        both[p] = new OracleChoice(values, score, alerts);
                    }

                    if (persistence == DetectorDefaults.Persistence && cooldown == cooldowns[0] && (thresholdOnly[p] is null || score.Raw > thresholdOnly[p]!.Score.Raw))
                    {
                        thresholdOnly[p] = new OracleChoice(values, score, alerts);
                    }
                }
            }
        }

        return new OracleResult([.. both.Select(b => b!)], [.. thresholdOnly.Select(b => b!)], bestF1.F1, bestF1.Values);
    }
}

/// <summary>Fixed values, the NAB score they reach on one stream and their alerted samples.</summary>
public sealed record OracleChoice(DetectorValues Values, NabFileScore Score, IReadOnlyList<int> Alerts);

/// <summary>One stream's oracle.</summary>
/// <param name="Both">The best values of every learnable per NAB profile.</param>
/// <param name="ThresholdOnly">The best threshold with persistence 1 (and the first cooldown searched), per NAB profile.</param>
/// <param name="F1">The best event-level F1.</param>
/// <param name="F1Values">The values that reach it.</param>
public sealed record OracleResult(IReadOnlyList<OracleChoice> Both, IReadOnlyList<OracleChoice> ThresholdOnly, double F1, DetectorValues F1Values);
