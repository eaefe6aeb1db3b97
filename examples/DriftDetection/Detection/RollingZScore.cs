namespace DriftDetection.Detection;

/// <summary>
/// The anomaly score of a sample: |x - mean| / std over the <see cref="WindowSize"/> samples before it; none scored before a
/// full window (<see cref="MinHistory"/>). Flat history scores 0 for an equal value and
/// <see cref="MaxScore"/> for any change. Scores are capped at <see cref="MaxScore"/> so they stay finite in records.
/// </summary>
public static class RollingZScore
{
    /// <summary>How many preceding samples form the baseline.</summary>
    public const int WindowSize = 120;

    /// <summary>Samples needed before the first score: a full window (a z-score over a few samples alerts on the warm-up itself).</summary>
    public const int MinHistory = WindowSize;

    /// <summary>The largest score reported.</summary>
    public const double MaxScore = 1000;

    /// <summary>The score of <c>values[index]</c> given the samples before it in <paramref name="values"/>.</summary>
    public static double ScoreAt(ReadOnlySpan<double> values, int index)
    {
        var from = Math.Max(0, index - WindowSize);
        var count = index - from;
        if (count < MinHistory)
        {
            return 0;
        }

        var history = values[from..index];
        var mean = 0.0;
        foreach (var v in history)
        {
            mean += v;
        }

        mean /= count;
        var variance = 0.0;
        foreach (var v in history)
        {
            variance += (v - mean) * (v - mean);
        }

        var std = Math.Sqrt(variance / (count - 1));
        var deviation = Math.Abs(values[index] - mean);
        var scale = Math.Max(Math.Abs(mean), 1.0);
        if (std <= 1e-12 * scale)
        {
            return deviation <= 1e-12 * scale ? 0 : MaxScore;
        }

        return Math.Min(deviation / std, MaxScore);
    }

    /// <summary>The score of every sample of a whole stream (used by the benchmark's grid search).</summary>
    public static double[] ScoreAll(double[] values)
    {
        var scores = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            scores[i] = ScoreAt(values, i);
        }

        return scores;
    }
}
