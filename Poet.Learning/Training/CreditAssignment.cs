using System.Globalization;
using Poet.Translation;

namespace Poet;

/// <summary>
/// Decides which learnable parameter a complaint should move, from the execution's evidence: for a false alarm (it fired)
/// or a miss (it stayed silent), each parameter the signal would move gets the value that flips this execution's outcome
/// (a threshold just past the recorded score, a persistence one past the recorded run, a cooldown at the recorded gap), and the cheapest of those (in
/// the parameter's declared steps, <see cref="ParameterDistance"/>: a threshold of step 0.5 moving by 0.5 costs what a persistence of step 1 moving by 1 does) gets the credit: the signal moves only that parameter, all the way to its target.
/// Targets beyond a bound are reported ("threshold is at its maximum 20; raise [Learnable(Max)]"). Without evidence the
/// signal is left as it is, for the Rprop step.
/// </summary>
internal static class CreditAssignment
{
    private const double Margin = 0.02;

    /// <summary>The credited signal, its hints, and the bounds that kept an option out of reach.</summary>
    /// <param name="Signal">The signal with only the credited adjustment (or the original signal).</param>
    /// <param name="Hints">Where each move stops.</param>
    /// <param name="Bounds">Messages about bounds that cap learning.</param>
    /// <param name="Options">Every option considered (for the rationale and for tests).</param>
    internal sealed record Result(LearningSignal Signal, IReadOnlyList<TrainingHint> Hints, IReadOnlyList<string> Bounds, IReadOnlyList<FlipOption> Options);

    /// <summary>Assigns the credit of <paramref name="signal"/> about <paramref name="execution"/>.</summary>
    /// <param name="facts">What the execution's result says.</param>
    /// <param name="execution">The execution (the learned values it ran with).</param>
    /// <param name="spec">The train spec.</param>
    /// <param name="signal">The translated signal.</param>
    /// <param name="domain">The domain (which parameters compare with a run length).</param>
    /// <returns>The credited signal and hints.</returns>
    public static Result Assign(ExecutionFacts facts, ExecutionRecord execution, TrainSpec spec, LearningSignal signal, DomainTemplate domain)
    {
        var options = Options(facts, execution, spec, signal, domain);
        var best = options.Where(o => o.Feasible).OrderBy(o => o.Cost).ThenBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault();
        var bounds = options.Where(o => !o.Feasible).Select(o => BoundMessage(spec, o)).ToList();
        if (best is not null)
        {
            var others = options.Where(o => o != best && o.Feasible).Select(o => $"{o.Name} {Format(o.Cost)}");
            var credit = $"credit: {best.Name} -> {Format(best.Target)} ({best.Because}; cost {Format(best.Cost)}{(others.Any() ? "; vs " + string.Join(", ", others) : string.Empty)})";
            return new Result(
                signal with
                {
                    Adjustments = [new ParameterAdjustment(best.Name, best.Direction, 1)],
                    Rationale = string.IsNullOrEmpty(signal.Rationale) ? credit : $"{signal.Rationale}; {credit}",
                },
                [new TrainingHint(best.Name, best.Target, best.Because, Exact: true)],
                [],
                options);
        }

        // No parameter can flip this execution within its bounds: a plain step, stopped at the evidence, and say which bound caps it.
        var hints = options.Select(o => new TrainingHint(o.Name, o.Target, o.Because)).ToList();
        return new Result(signal, hints, bounds, options);
    }

    /// <summary>For each parameter the signal moves, the value that flips this execution's outcome (empty without evidence).</summary>
    internal static IReadOnlyList<FlipOption> Options(ExecutionFacts facts, ExecutionRecord execution, TrainSpec spec, LearningSignal signal, DomainTemplate domain)
    {
        if (facts.Fired is not { } fired || signal.Verdict is not (FeedbackVerdict.FalsePositive or FeedbackVerdict.FalseNegative))
        {
            return [];
        }

        var silence = signal.Verdict == FeedbackVerdict.FalsePositive;
        if (silence != fired)
        {
            return []; // "false alarm" about a silent call, or "missed" about one that fired: the evidence says nothing about the fix
        }

        var options = new List<FlipOption>();
        foreach (var adjustment in signal.Adjustments)
        {
            var p = spec.Parameters.FirstOrDefault(x => string.Equals(x.Name, adjustment.Name, StringComparison.Ordinal));
            if (p is null || adjustment.Direction == 0 || !execution.LearnedParameters.TryGetValue(p.Name, out var used) || !double.IsFinite(used)
                || options.Any(o => o.Name == p.Name))
            {
                continue;
            }

            var direction = Math.Sign(adjustment.Direction);
            if (IsGapParameter(p.Name, domain))
            {
                // It fired exactly when the cooldown was below the gap: silencing needs the gap; firing, one less.
                if (facts.Gap is not { } gap || direction != (silence ? +1 : -1))
                {
                    continue;
                }

                var target = silence ? Math.Ceiling(gap) : Math.Ceiling(gap) - 1;
                if (silence ? target > used : target < used)
                {
                    options.Add(Option(p, direction, used, target, $"{facts.GapName} = {Format(gap)}"));
                }
            }
            else if (IsRunParameter(p.Name, domain))
            {
                // It fired exactly when the run reached the persistence: silencing needs one more than the run; firing, the run.
                if (facts.RunLength is not { } run || direction != (silence ? +1 : -1))
                {
                    continue;
                }

                var target = silence ? Math.Floor(run) + 1 : Math.Floor(run);
                if (silence ? target > used : target < used)
                {
                    options.Add(Option(p, direction, used, target, $"{facts.RunName} = {Format(run)}"));
                }
            }
            else if (facts.Score is { } score && direction == (silence ? +1 : -1))
            {
                // It fired exactly when the score exceeded the threshold: the value just past the score flips it.
                var margin = Math.Max(Math.Abs(score) * Margin, RpropTrainer.MinimumStep(p));
                if (silence && score >= used)
                {
                    options.Add(Option(p, direction, used, p.IsInteger ? Math.Floor(score) + 1 : score + margin, $"{facts.ScoreName} = {Format(score)}"));
                }
                else if (!silence && score < used)
                {
                    options.Add(Option(p, direction, used, p.IsInteger ? Math.Ceiling(score) - 1 : score - margin, $"{facts.ScoreName} = {Format(score)}"));
                }
            }
        }

        return options;
    }

    private static FlipOption Option(LearnableParameterSpec p, int direction, double used, double target, string because) =>
        new(p.Name, direction, target, ParameterDistance.Steps(p, used, target), because, target >= p.Min && target <= p.Max);

    /// <summary>Whether the domain compares the parameter with a run length (<see cref="DomainTemplate.RunParameters"/>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="domain">The domain.</param>
    /// <returns><see langword="true"/> for a persistence-like parameter.</returns>
    internal static bool IsRunParameter(string name, DomainTemplate domain) =>
        domain.RunParameters.Any(f => !string.IsNullOrEmpty(f) && name.Contains(f, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the domain compares the parameter with a gap (<see cref="DomainTemplate.GapParameters"/>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="domain">The domain.</param>
    /// <returns><see langword="true"/> for a cooldown-like parameter.</returns>
    internal static bool IsGapParameter(string name, DomainTemplate domain) =>
        domain.GapParameters.Any(f => !string.IsNullOrEmpty(f) && name.Contains(f, StringComparison.OrdinalIgnoreCase));

    private static string BoundMessage(TrainSpec spec, FlipOption option)
    {
        var p = spec.Parameters.First(x => x.Name == option.Name);
        var max = option.Target > p.Max;
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Name} is capped at its {(max ? "maximum" : "minimum")} {Format(max ? p.Max : p.Min)}; this call needed {Format(option.Target)} ({option.Because}): {(max ? "raise [Learnable(Max)]" : "lower [Learnable(Min)]")} to learn further");
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
