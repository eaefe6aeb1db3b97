using System.Globalization;

namespace Poet;

/// <summary>
/// Learning from everything said: chooses the values that agree with as many labelled executions as possible, the nearest
/// to the current values among equals (distance as shares of each parameter's range). Works for functions with one score-compared parameter
/// (a threshold: higher fires less) and at most one run-compared parameter (a persistence: higher fires less). Whether an
/// execution would fire with candidate values is known from its evidence when the candidate keeps one of its values (the
/// score decides the threshold, the run length the persistence) or lies on the safe side of both, and unknown otherwise
/// (counted as half an agreement). Each parameter moves at most its largest step per update (the safety bound).
/// </summary>
internal static class AgreementSearch
{
    private const double Margin = 0.02;

    /// <summary>The chosen values, or null when the evidence does not allow a search (then the Rprop step applies).</summary>
    /// <param name="current">The current values.</param>
    /// <param name="spec">The train spec.</param>
    /// <param name="history">The labelled executions, the one being complained about included.</param>
    /// <param name="runParameter">Whether a parameter is compared with a run length (from the domain).</param>
    /// <param name="summary">How many labels the choice agrees with, for the rationale.</param>
    /// <returns>The values to write (possibly equal to the current ones), or null.</returns>
    public static IReadOnlyDictionary<string, double>? Choose(IReadOnlyDictionary<string, double> current, TrainSpec spec,
        IReadOnlyList<LabelledExecution> history, Func<string, bool> runParameter, out string? summary)
    {
        summary = null;
        var raising = spec.IssueMap.TryGetValue(FeedbackVerdict.FalsePositive, out var map) ? map : null;
        var movable = spec.Parameters.Where(p => raising is not null && raising.TryGetValue(p.Name, out var d) && d > 0).ToList();
        var threshold = movable.Where(p => !runParameter(p.Name)).ToList();
        var persistence = movable.Where(p => runParameter(p.Name)).ToList();
        if (history.Count == 0 || threshold.Count != 1 || persistence.Count > 1
            || history.Any(h => h.Facts.Score is null || !h.Used.ContainsKey(threshold[0].Name)))
        {
            return null;
        }

        var t = threshold[0];
        var p = persistence.Count == 1 ? persistence[0] : null;
        var t0 = Value(current, t);
        var p0 = p is null ? 0 : Value(current, p);

        var thresholds = new SortedSet<double> { t0 };
        var persistences = new SortedSet<double> { p0 };
        foreach (var h in history)
        {
            var score = h.Facts.Score!.Value;
            var margin = Math.Max(Math.Abs(score) * Margin, RpropTrainer.MinimumStep(t));
            thresholds.Add(t.Clamp(score + margin));
            thresholds.Add(t.Clamp(score - margin));
            thresholds.Add(t.Clamp(h.Used[t.Name]));
            if (p is not null && h.Facts.RunLength is { } run && h.Used.TryGetValue(p.Name, out var used))
            {
                persistences.Add(p.Clamp(Math.Floor(run)));
                persistences.Add(p.Clamp(Math.Floor(run) + 1));
                persistences.Add(p.Clamp(used));
            }
        }

        (double T, double P, double Agree, double Cost)? best = null;
        foreach (var tc in thresholds)
        {
            foreach (var pc in persistences)
            {
                var agree = 0.0;
                foreach (var h in history)
                {
                    agree += Fires(h, t, p, tc, pc) is { } fires ? (fires == h.ShouldFire ? 1 : 0) : 0.5;
                }

                var cost = (Math.Abs(tc - t0) / (t.Max - t.Min)) + (p is null ? 0 : Math.Abs(pc - p0) / (p.Max - p.Min));
                if (best is null || agree > best.Value.Agree + 1e-9 || (Math.Abs(agree - best.Value.Agree) <= 1e-9 && cost < best.Value.Cost - 1e-12))
                {
                    best = (tc, pc, agree, cost);
                }
            }
        }

        var chosen = new Dictionary<string, double>(current, StringComparer.Ordinal)
        {
            [t.Name] = t.Clamp(t0 + Math.Clamp(best!.Value.T - t0, -t.MaxStep, t.MaxStep)),
        };
        if (p is not null)
        {
            chosen[p.Name] = p.Clamp(p0 + Math.Clamp(best.Value.P - p0, -Math.Max(1, Math.Floor(p.MaxStep)), Math.Max(1, Math.Floor(p.MaxStep))));
        }

        summary = string.Create(CultureInfo.InvariantCulture, $"agrees with {best.Value.Agree:0.#} of {history.Count} labelled executions");
        return chosen;
    }

    /// <summary>Whether <paramref name="h"/> would fire with threshold <paramref name="tc"/> and persistence <paramref name="pc"/>, when its evidence tells.</summary>
    internal static bool? Fires(LabelledExecution h, LearnableParameterSpec t, LearnableParameterSpec? p, double tc, double pc)
    {
        var score = h.Facts.Score!.Value;
        var t0 = h.Used[t.Name];
        if (p is null || !h.Used.TryGetValue(p.Name, out var p0))
        {
            return tc < score; // one parameter: the score decides
        }

        var run = h.Facts.RunLength;
        if (pc == p0)
        {
            return tc < score;
        }

        if (run is { } r)
        {
            if (tc == t0)
            {
                return pc <= r;
            }

            if (tc <= t0 && pc <= r)
            {
                return true;
            }

            if (tc >= t0 && pc > r)
            {
                return false;
            }
        }

        if (tc < score && pc <= p0)
        {
            return true;
        }

        return tc >= score && pc >= p0 ? false : null;
    }

    private static double Value(IReadOnlyDictionary<string, double> values, LearnableParameterSpec p) =>
        values.TryGetValue(p.Name, out var v) && double.IsFinite(v) ? p.Clamp(v) : p.Default;
}
