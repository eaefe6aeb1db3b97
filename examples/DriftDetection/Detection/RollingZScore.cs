namespace DriftDetection.Detection;

/// <summary>
/// The anomaly score of a sample: its deviation from the <see cref="WindowSize"/> samples before it, in units of their spread
/// (|x - mean| / std with the <see cref="Baseline.Mean"/> baseline; see <see cref="ScoreShape"/> for the others); none
/// scored before a full window (<see cref="MinHistory"/>). Flat history scores 0 for an equal value and
/// <see cref="MaxScore"/> for any change that scores. Scores are capped at <see cref="MaxScore"/> so they stay finite in records.
/// </summary>
public static class RollingZScore
{
    /// <summary>How many preceding samples form the baseline.</summary>
    public const int WindowSize = 120;

    /// <summary>Samples needed before the first score: a full window (a z-score over a few samples alerts on the warm-up itself).</summary>
    public const int MinHistory = WindowSize;

    /// <summary>The largest score reported.</summary>
    public const double MaxScore = 1000;

    /// <summary>The MAD of a normal distribution times this is its standard deviation.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The mean absolute deviation of a normal distribution times this is its standard deviation (√(π/2)).</summary>
    public const double MeanAbsoluteDeviationToSigma = 1.2533;

    /// <summary>The score of <c>values[index]</c> given the samples before it in <paramref name="values"/> (mean baseline, both directions).</summary>
    public static double ScoreAt(ReadOnlySpan<double> values, int index) => ScoreAt(values, index, Direction.Both);

    /// <summary>The mean baseline's score of <c>values[index]</c> in <paramref name="direction"/>.</summary>
    private static double ScoreAt(ReadOnlySpan<double> values, int index, Direction direction)
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

        return Standardize(values[index] - mean, Math.Sqrt(variance / (count - 1)), Math.Max(Math.Abs(mean), 1.0), direction);
    }

    /// <summary>The scores of <c>values[first..]</c> with <paramref name="shape"/>, each given the samples before it.</summary>
    public static double[] Scores(ReadOnlySpan<double> values, int first, ScoreShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, values.Length);
        var scores = new double[values.Length - first];
        if (shape.Baseline == Baseline.Mean)
        {
            for (var i = first; i < values.Length; i++)
            {
                scores[i - first] = ScoreAt(values, i, shape.Direction);
            }

            return scores;
        }

        var window = new SortedWindow(WindowSize);
        for (var i = Math.Max(first, MinHistory); i < values.Length; i++)
        {
            if (window.Count == 0)
            {
                window.Fill(values[(i - WindowSize)..i]);
            }
            else
            {
                window.Slide(values[i - WindowSize - 1], values[i - 1]);
            }

            var median = window.Median();
            var spread = MadToSigma * window.MedianAbsoluteDeviation(median);
            if (spread == 0)
            {
                spread = MeanAbsoluteDeviationToSigma * window.MeanAbsoluteDeviation(median);
            }

            scores[i - first] = Standardize(values[i] - median, spread, Math.Max(Math.Abs(median), 1.0), shape.Direction);
        }

        return scores;
    }

    /// <summary>The score of every sample of a whole stream with <paramref name="shape"/> (null: <see cref="ScoreShape.Default"/>; used by the benchmark's grid search).</summary>
    public static double[] ScoreAll(double[] values, ScoreShape? shape = null) => Scores(values, 0, shape ?? ScoreShape.Default);

    /// <summary>A deviation in units of <paramref name="spread"/>, counted only in <paramref name="direction"/>; a flat baseline (spread ~0 against <paramref name="scale"/>) scores any change <see cref="MaxScore"/>.</summary>
    private static double Standardize(double deviation, double spread, double scale, Direction direction)
    {
        var counted = direction switch
        {
            Direction.Up => deviation,
            Direction.Down => -deviation,
            _ => Math.Abs(deviation),
        };
        if (spread <= 1e-12 * scale)
        {
            return counted <= 1e-12 * scale ? 0 : MaxScore;
        }

        return counted <= 0 ? 0 : Math.Min(counted / spread, MaxScore);
    }
}
