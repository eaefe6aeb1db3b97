using DriftDetection.Streams;

namespace DriftDetection.Scoring;

/// <summary>
/// NAB's score (the Numenta Anomaly Benchmark's scoreboard metric; see <c>../shared/data/nab/SCORING.md</c>): rows in the
/// probation period are not scored; the first detection in a labelled window earns a reward that is larger the earlier
/// it comes; a window without a detection costs <see cref="NabProfile.FnWeight"/>; a detection outside every window costs
/// up to <see cref="NabProfile.FpWeight"/>, less just after a window. Corpus scores are normalized so a detector that never
/// fires scores 0 and a perfect one 100.
/// </summary>
public static class NabScorer
{
    /// <summary>The largest probation period, in rows (15% of NAB's 5000-row reference length).</summary>
    public const double MaxProbation = 0.15 * 5000;

    /// <summary>The in-window reward at the window's left edge, which every in-window reward is divided by.</summary>
    public static readonly double MaxTruePositive = ScaledSigmoid(-1.0);

    /// <summary>How many leading rows of a file of <paramref name="length"/> rows are not scored.</summary>
    public static int ProbationLength(int length) => (int)Math.Min(Math.Floor(0.15 * length), MaxProbation);

    /// <summary>NAB's reward curve: <c>2 / (1 + e^(5x)) - 1</c>, and exactly -1 beyond x = 3.</summary>
    public static double ScaledSigmoid(double x) => x > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * x))) - 1.0;

    /// <summary>Scores the detections (row indices, any order) of one file of <paramref name="length"/> rows.</summary>
    public static NabFileScore Score(int length, IReadOnlyList<LabelWindow> windows, IEnumerable<int> detections, NabProfile profile)
    {
        var raw = 0.0;
        var falsePositives = 0;
        var missed = 0;
        foreach (var c in Contributions(length, windows, detections, profile))
        {
            raw += c.Value;
            falsePositives += c.Kind == NabContributionKind.FalsePositive ? 1 : 0;
            missed += c.Kind == NabContributionKind.Missed ? 1 : 0;
        }

        return new NabFileScore(raw, -profile.FnWeight * windows.Count, profile.TpWeight * windows.Count, windows.Count - missed, falsePositives, missed);
    }

    /// <summary>
    /// The parts of a file's raw score, each with the row from which it is known: a false positive from the row after it, a window's
    /// reward or cost once the window has ended (from the row after its end on). They sum to <see cref="Score"/>'s raw score.
    /// </summary>
    public static IReadOnlyList<NabContribution> Contributions(int length, IReadOnlyList<LabelWindow> windows, IEnumerable<int> detections, NabProfile profile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var ordered = windows.OrderBy(w => w.Start).ToArray();
        var detected = new bool[ordered.Length];
        var probation = ProbationLength(length);
        var parts = new List<NabContribution>();
        var next = 0; // the first window whose end is at or after the current row
        foreach (var row in detections.Where(r => r >= probation && r < length).Distinct().Order())
        {
            while (next < ordered.Length && ordered[next].End < row)
            {
                next++;
            }

            if (next < ordered.Length && ordered[next].Contains(row))
            {
                if (!detected[next])
                {
                    detected[next] = true;
                    var window = ordered[next];
                    var width = (double)(window.End - window.Start + 1);
                    parts.Add(new NabContribution(window.End + 1, profile.TpWeight * ScaledSigmoid(-(window.End - row + 1) / width) / MaxTruePositive, NabContributionKind.Detected));
                }

                continue;
            }

            if (next == 0)
            {
                parts.Add(new NabContribution(row + 1, -profile.FpWeight, NabContributionKind.FalsePositive)); // no window before it
                continue;
            }

            var previous = ordered[next - 1];
            var widthMinusOne = previous.End - previous.Start;
            var position = widthMinusOne > 0 ? Math.Abs(row - previous.End) / (double)widthMinusOne : double.PositiveInfinity;
            parts.Add(new NabContribution(row + 1, profile.FpWeight * ScaledSigmoid(position), NabContributionKind.FalsePositive));
        }

        for (var w = 0; w < ordered.Length; w++)
        {
            if (!detected[w])
            {
                parts.Add(new NabContribution(ordered[w].End + 1, -profile.FnWeight, NabContributionKind.Missed));
            }
        }

        return parts;
    }

    /// <summary>The corpus score: <c>100 * (raw - null) / (perfect - null)</c> over the summed file scores.</summary>
    /// <exception cref="ArgumentException">The files have no labelled window, so there is nothing to normalize by.</exception>
    public static double Normalize(IEnumerable<NabFileScore> files)
    {
        var raw = 0.0;
        var none = 0.0;
        var perfect = 0.0;
        foreach (var file in files)
        {
            raw += file.Raw;
            none += file.Null;
            perfect += file.Perfect;
        }

        return perfect - none > 0
            ? 100 * (raw - none) / (perfect - none)
            : throw new ArgumentException("NAB scores are normalized by the labelled windows, and these files have none: score them with files that have windows.", nameof(files));
    }
}

/// <summary>What a part of a NAB score is.</summary>
public enum NabContributionKind
{
    /// <summary>The first detection in a window: its reward.</summary>
    Detected,

    /// <summary>A detection outside every window: its cost.</summary>
    FalsePositive,

    /// <summary>A window without a detection: its cost.</summary>
    Missed,
}

/// <summary>One part of a file's raw NAB score.</summary>
/// <param name="KnownFrom">The row from which it is known (a window's parts: the row after the window ends).</param>
/// <param name="Value">Its share of the raw score.</param>
/// <param name="Kind">What it is.</param>
public readonly record struct NabContribution(int KnownFrom, double Value, NabContributionKind Kind);
