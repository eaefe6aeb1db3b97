using DriftDetection.Detection;
using DriftDetection.Scoring;
using DriftDetection.Streams;

namespace DriftDetection.Bench;

/// <summary>The ceiling: the best fixed threshold for one stream, found by a grid search over the learnable's bounds (with the labels).</summary>
public static class CeilingSearch
{
    /// <summary>The grid's spacing in z units.</summary>
    public const double GridStep = 0.05;

    /// <summary>The best F1 any fixed threshold reaches on the stream, and the lowest threshold that reaches it.</summary>
    public static (double Threshold, EventScore Score) Best(LabelledStream stream)
    {
        var scores = RollingZScore.ScoreAll(stream.Values);
        var bestThreshold = DetectorDefaults.Threshold;
        var best = Score(scores, stream, bestThreshold);
        var steps = (int)Math.Round((DetectorDefaults.MaxThreshold - DetectorDefaults.MinThreshold) / GridStep);
        for (var i = 0; i <= steps; i++)
        {
            var threshold = DetectorDefaults.MinThreshold + (i * GridStep);
            var score = Score(scores, stream, threshold);
            if (score.F1 > best.F1)
            {
                (bestThreshold, best) = (threshold, score);
            }
        }

        return (bestThreshold, best);
    }

    private static EventScore Score(double[] scores, LabelledStream stream, double threshold)
    {
        var alerts = new List<int>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] > threshold)
            {
                alerts.Add(i);
            }
        }

        return EventF1.Score(alerts, stream.Windows);
    }
}
