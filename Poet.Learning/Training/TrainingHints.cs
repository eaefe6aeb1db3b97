using System.Globalization;
using Poet.Translation;

namespace Poet;

/// <summary>
/// Derives <see cref="TrainingHint"/>s from an execution: when the result carries a score and the learned value the
/// call used agrees with what happened (fired with score &gt;= value, silent with score &lt; value), the value just
/// past the score is where a false alarm or a miss on this execution stops. General: no parameter names assumed.
/// </summary>
internal static class TrainingHints
{
    private const double Margin = 0.02;

    /// <summary>The hints for a signal.</summary>
    /// <param name="facts">What the result says.</param>
    /// <param name="execution">The execution (the learned values it ran with).</param>
    /// <param name="spec">The train spec.</param>
    /// <param name="signal">The signal.</param>
    /// <returns>The hints (often empty).</returns>
    public static IReadOnlyList<TrainingHint> From(ExecutionFacts facts, ExecutionRecord execution, TrainSpec spec, LearningSignal signal)
    {
        if (facts.Score is not { } score || facts.Fired is not { } fired
            || signal.Verdict is not (FeedbackVerdict.FalsePositive or FeedbackVerdict.FalseNegative))
        {
            return [];
        }

        var hints = new List<TrainingHint>();
        foreach (var adjustment in signal.Adjustments)
        {
            var p = spec.Parameters.FirstOrDefault(x => x.Name == adjustment.Name);
            if (p is null || p.IsInteger || !execution.LearnedParameters.TryGetValue(p.Name, out var used) || !double.IsFinite(used))
            {
                continue;
            }

            var margin = Math.Max(Math.Abs(score) * Margin, RpropTrainer.MinimumStep(p));
            var because = $"{facts.ScoreName} = {score.ToString("0.####", CultureInfo.InvariantCulture)}";
            if (signal.Verdict == FeedbackVerdict.FalsePositive && adjustment.Direction > 0 && fired && score >= used)
            {
                hints.Add(new TrainingHint(p.Name, score + margin, because));
            }
            else if (signal.Verdict == FeedbackVerdict.FalseNegative && adjustment.Direction < 0 && !fired && score < used)
            {
                hints.Add(new TrainingHint(p.Name, score - margin, because));
            }
        }

        return hints;
    }
}
