using System.Globalization;

namespace Poet.Translation.Offline;

/// <summary>
/// Adds up cue weights into verdict scores, resolving the cues that depend on the execution: a complaint is a
/// false positive when the function fired and a false negative when it stayed silent; "a real incident" confirms a
/// firing and reports a miss otherwise; "just noise" reports a false alarm when it fired and confirms silence.
/// </summary>
internal sealed class VerdictTally(ExecutionFacts facts, ExecutionOutcome outcome)
{
    private readonly double[] _scores = new double[6];
    private readonly List<string>[] _evidence = [.. Enumerable.Range(0, 6).Select(_ => new List<string>())];

    /// <summary>Weight of complaints that could not be resolved (the result does not say whether it fired).</summary>
    public double Unresolved { get; private set; }

    public void Add(FeedbackCue cue, double weight, string evidence)
    {
        var fired = facts.Fired;
        var failed = outcome is not ExecutionOutcome.Success;
        (FeedbackVerdict? verdict, double factor) = cue switch
        {
            FeedbackCue.FalsePositive => (FeedbackVerdict.FalsePositive, fired == false ? 0.6 : 1.0),
            FeedbackCue.FalseNegative => (FeedbackVerdict.FalseNegative, fired == true ? 0.6 : 1.0),
            FeedbackCue.Correct => (FeedbackVerdict.Correct, 1.0),
            FeedbackCue.TooSlow => (FeedbackVerdict.TooSlow, 1.0),
            FeedbackCue.Unreliable => (FeedbackVerdict.Unreliable, 1.0),
            FeedbackCue.Complaint => fired switch
            {
                true => (FeedbackVerdict.FalsePositive, 1.0),
                false => (FeedbackVerdict.FalseNegative, 1.0),
                null when failed => (FeedbackVerdict.Unreliable, 0.8),
                null => ((FeedbackVerdict?)null, 0.0),
            },
            FeedbackCue.RealEvent => fired switch
            {
                true => (FeedbackVerdict.Correct, 1.0),
                false => (FeedbackVerdict.FalseNegative, 1.0),
                null => (FeedbackVerdict.FalseNegative, 0.7),
            },
            FeedbackCue.NonEvent => fired switch
            {
                true => (FeedbackVerdict.FalsePositive, 1.0),
                false => (FeedbackVerdict.Correct, 1.0),
                null => (FeedbackVerdict.FalsePositive, 0.7),
            },
            _ => ((FeedbackVerdict?)null, 0.0),
        };

        if (verdict is null)
        {
            Unresolved += weight;
            return;
        }

        _scores[(int)verdict.Value] += weight * factor;
        _evidence[(int)verdict.Value].Add($"{evidence} ({(weight * factor).ToString("+0.0", CultureInfo.InvariantCulture)})");
    }

    /// <summary>The best verdict, its score and the strongest conflicting score.</summary>
    public (FeedbackVerdict? Verdict, double Score, double RunnerUp) Winner()
    {
        var best = -1;
        for (var i = 1; i < _scores.Length; i++)
        {
            if (_scores[i] > 0 && (best < 0 || _scores[i] > _scores[best]))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return (null, 0, 0);
        }

        var runnerUp = 0.0;
        for (var i = 1; i < _scores.Length; i++)
        {
            if (i != best && Conflicts((FeedbackVerdict)best, (FeedbackVerdict)i))
            {
                runnerUp = Math.Max(runnerUp, _scores[i]);
            }
        }

        return ((FeedbackVerdict)best, _scores[best], runnerUp);
    }

    /// <summary>The evidence for a verdict, strongest first, for the rationale.</summary>
    public string Evidence(FeedbackVerdict verdict) => string.Join(", ", _evidence[(int)verdict].Take(4));

    /// <summary>All non-zero scores, for the rationale of mixed feedback.</summary>
    public string Summary() => string.Join(", ", Enumerable.Range(1, 5)
        .Where(i => _scores[i] > 0)
        .Select(i => $"{(FeedbackVerdict)i} {_scores[i].ToString("0.0", CultureInfo.InvariantCulture)}"));

    // Speed and reliability complaints do not contradict accuracy judgements; everything else does.
    private static bool Conflicts(FeedbackVerdict a, FeedbackVerdict b) =>
        !(IsOperational(a) ^ IsOperational(b)) || a == FeedbackVerdict.Correct || b == FeedbackVerdict.Correct;

    private static bool IsOperational(FeedbackVerdict v) => v is FeedbackVerdict.TooSlow or FeedbackVerdict.Unreliable;
}
