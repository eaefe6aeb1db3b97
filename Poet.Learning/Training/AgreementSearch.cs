using System.Globalization;

namespace Poet;

/// <summary>
/// Learning from everything said: chooses the values that agree with as many labelled executions as possible (an execution
/// that should have fired weighs <see cref="LabelledHistory.MissedEventWeight"/>, one that should have stayed silent 1), the
/// nearest to the current values among equals (distance as shares of each parameter's range). Works for functions with one
/// score-compared parameter (a threshold: higher fires less) and at most one run-compared parameter (a persistence: higher
/// fires less). Whether an execution would fire with candidate values is known from its evidence when the candidate keeps
/// its persistence (the score decides the threshold), from a replay with the candidate persistence when the function is
/// replayable (the replayed score decides the threshold), from the run length when it keeps the threshold, or when the
/// candidate lies on the safe side of both; otherwise it is unknown (counted as half an agreement). Among values that agree
/// equally, those keeping the threshold <see cref="LabelledHistory.DecisionMargin"/> (a share of each score) away from every
/// labelled score win (halfway between neighbouring scores when they leave less room), then the nearest to the current
/// values. Each parameter moves at most its largest step per update (the safety bound). When the domain weighs them
/// (<see cref="DomainTemplate.UnlabelledSilentWeight"/>, <see cref="DomainTemplate.UnlabelledFiredWeight"/>), the recent
/// calls nobody labelled count too, each as that weight when a candidate keeps the outcome it had. A gap-compared parameter
/// (a cooldown: higher fires less, <see cref="LabelledHistory.GapParameter"/>) of a replayable function is searched too,
/// over its range in steps and the labels' gaps, every label replayed with each candidate persistence and cooldown;
/// without a replay it keeps its current value.
/// </summary>
internal static class AgreementSearch
{
    private const double Margin = 0.02;

    /// <summary>A replay checks every whole value of a run parameter when its range has at most this many.</summary>
    private const int MaxReplayedRunValues = 64;

    /// <summary>The chosen values, or null when the evidence does not allow a search (then the Rprop step applies).</summary>
    /// <param name="current">The current values.</param>
    /// <param name="spec">The train spec.</param>
    /// <param name="labelled">The labelled executions (the one being complained about included), and how to weigh and replay them.</param>
    /// <param name="summary">How many labels the choice agrees with, for the rationale.</param>
    /// <returns>The values to write (possibly equal to the current ones), or null.</returns>
    public static IReadOnlyDictionary<string, double>? Choose(IReadOnlyDictionary<string, double> current, TrainSpec spec,
        LabelledHistory labelled, out string? summary)
    {
        summary = null;
        var history = labelled.Executions;
        var raising = spec.IssueMap.TryGetValue(FeedbackVerdict.FalsePositive, out var map) ? map : null;
        var movable = spec.Parameters.Where(p => raising is not null && raising.TryGetValue(p.Name, out var d) && d > 0).ToList();
        var gapParameter = labelled.GapParameter ?? (_ => false);
        var threshold = movable.Where(p => !labelled.RunParameter(p.Name) && !gapParameter(p.Name)).ToList();
        var persistence = movable.Where(p => labelled.RunParameter(p.Name)).ToList();
        var cooldown = movable.Where(p => gapParameter(p.Name) && !labelled.RunParameter(p.Name)).ToList();
        if (history.Count == 0 || threshold.Count != 1 || persistence.Count > 1 || cooldown.Count > 1
            || history.Any(h => h.Facts.Score is null || !h.Used.ContainsKey(threshold[0].Name)))
        {
            return null;
        }

        var t = threshold[0];
        var unlabelled = Unlabelled(labelled, t.Name);

        var p = persistence.Count == 1 ? persistence[0] : null;

        // A cooldown is searched only by replay (its evidence, the gap, tells only at the threshold a label ran with);
        // without a replay it keeps its current value.
        var q = cooldown.Count == 1 && labelled.Replay is not null && cooldown[0].IsInteger ? cooldown[0] : null;
        var t0 = Value(current, t);
        var p0 = p is null ? 0 : Value(current, p);
        var q0 = q is null ? 0 : Value(current, q);
        var missWeight = double.IsFinite(labelled.MissedEventWeight) && labelled.MissedEventWeight > 0 ? labelled.MissedEventWeight : 1;

        var thresholds = new SortedSet<double> { t0 };
        var persistences = new SortedSet<double> { p0 };
        void AddScore(double score)
        {
            var margin = Math.Max(Math.Abs(score) * Margin, RpropTrainer.MinimumStep(t));
            thresholds.Add(t.Clamp(score + margin));
            thresholds.Add(t.Clamp(score - margin));
        }

        foreach (var h in history)
        {
            AddScore(h.Facts.Score!.Value);
            thresholds.Add(t.Clamp(h.Used[t.Name]));
            if (p is not null && h.Facts.RunLength is { } run && h.Used.TryGetValue(p.Name, out var used))
            {
                persistences.Add(p.Clamp(Math.Floor(run)));
                persistences.Add(p.Clamp(Math.Floor(run) + 1));
                persistences.Add(p.Clamp(used));
            }
        }

        // Each labelled execution replayed once per candidate persistence (a replayable function only).
        var persistenceValues = p is not null && labelled.Replay is not null && p.IsInteger && p.Max - p.Min <= MaxReplayedRunValues
            ? [.. persistences.Union(Enumerable.Range(0, (int)(Math.Floor(p.Max) - Math.Ceiling(p.Min)) + 1).Select(i => Math.Ceiling(p.Min) + i)).Order()]
            : persistences.ToArray();
        var qs = q is null ? [q0] : CooldownCandidates(q, q0, history);
        var ps = persistenceValues.SelectMany(_ => qs).Select((_, i) => persistenceValues[i / qs.Length]).ToArray();
        var cs = persistenceValues.SelectMany(_ => qs).ToArray();
        var judged = unlabelled.Count == 0 ? history : [.. history, .. unlabelled];
        var replays = (p is not null || q is not null) && labelled.Replay is not null ? judged.Count * ps.Length : 0;
        if (replays > 0)
        {
            labelled.ReserveReplays?.Invoke(replays);
        }

        var replayedAt = replays > 0 ? ReplayAll(judged, p, q, ps, cs, labelled.Replay!) : null;
        foreach (var row in replayedAt ?? [])
        {
            foreach (var score in row.AsSpan(0, history.Count))
            {
                if (score is { } known)
                {
                    AddScore(known);
                }
            }
        }

        // The decision margin: candidates a share of each score beyond it and halfway between neighbouring scores, so one
        // complaint settles the whole class of similar executions rather than only the one complained about.
        var margin = double.IsFinite(labelled.DecisionMargin) && labelled.DecisionMargin > 0 ? labelled.DecisionMargin : 0;
        var scoresAt = new double[]?[ps.Length];
        for (var j = 0; margin > 0 && j < ps.Length; j++)
        {
            var known = history.Select((h, i) => ScoreAt(h, p, ps[j], q, cs[j], replayedAt?[j][i])).ToList();
            var scores = known.OfType<double>().Distinct().Order().ToArray();
            scoresAt[j] = known.Contains(null) ? null : scores; // a label whose score is unknown there leaves no known margin
            for (var i = 0; i < scores.Length; i++)
            {
                thresholds.Add(t.Clamp(scores[i] + (Math.Abs(scores[i]) * margin)));
                thresholds.Add(t.Clamp(scores[i] - (Math.Abs(scores[i]) * margin)));
                if (i + 1 < scores.Length)
                {
                    thresholds.Add(t.Clamp((scores[i] + scores[i + 1]) / 2));
                }
            }
        }

        // Every candidate pair's agreement: per persistence, one sweep over the labels (see AgreementSweep).
        var evidence = history.Select(h => LabelEvidence.Of(h, t, p, q))
            .Concat(unlabelled.Select(u => LabelEvidence.Of(u, t, p, q) with { Weight = u.ShouldFire ? labelled.FiredWeight : labelled.SilentWeight }))
            .ToArray();
        var ts = thresholds.ToArray();
        var agreeAt = new double[ps.Length * ts.Length];
        var diff = new double[ts.Length + 1];
        for (var j = 0; j < ps.Length; j++)
        {
            AgreementSweep.Fill(ts, ps[j], cs[j], evidence, replayedAt is null ? [] : replayedAt[j], missWeight, agreeAt.AsSpan(j * ts.Length, ts.Length), diff);
        }

        (double T, double P, double Q, double Agree, double Margin, double Cost)? best = null;
        var total = history.Sum(h => h.ShouldFire ? missWeight : 1);
        for (var k = 0; k < ts.Length; k++)
        {
            var tc = ts[k];
            for (var j = 0; j < ps.Length; j++)
            {
                var (pc, qc) = (ps[j], cs[j]);
                var agree = agreeAt[(j * ts.Length) + k];
                var room = scoresAt[j] is { } scored ? Math.Min(Room(tc, scored), margin) : 0;
                var cost = ParameterDistance.Steps(t, t0, tc) + (p is null ? 0 : ParameterDistance.Steps(p, p0, pc)) + (q is null ? 0 : ParameterDistance.Steps(q, q0, qc));
                if (best is null || agree > best.Value.Agree + 1e-9
                    || (Math.Abs(agree - best.Value.Agree) <= 1e-9 && (room > best.Value.Margin + 1e-9
                        || (Math.Abs(room - best.Value.Margin) <= 1e-9 && cost < best.Value.Cost - 1e-12))))
                {
                    best = (tc, pc, qc, agree, room, cost);
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

        if (q is not null)
        {
            chosen[q.Name] = q.Clamp(q0 + Math.Clamp(best.Value.Q - q0, -Math.Max(1, Math.Floor(q.MaxStep)), Math.Max(1, Math.Floor(q.MaxStep))));
        }

        total += evidence.Skip(history.Count).Sum(e => e.Weight ?? 0);
        summary = string.Create(CultureInfo.InvariantCulture,
            $"agrees with {best.Value.Agree:0.#} of {total:0.#} (labelled executions weighed{(missWeight != 1 ? $", a missed event as {missWeight:0.#}" : string.Empty)}{(unlabelled.Count > 0 ? $", {unlabelled.Count} recent unlabelled calls keeping their outcome as {labelled.SilentWeight:0.##} (silent) / {labelled.FiredWeight:0.##} (fired)" : string.Empty)}{(replayedAt is not null ? ", checked by replay" : string.Empty)})");
        return chosen;
    }

    /// <summary>The recent unlabelled executions that can be judged (a score, the threshold recorded), when they weigh anything.</summary>
    /// <param name="labelled">The history.</param>
    /// <param name="threshold">The score-compared parameter's name.</param>
    /// <returns>The executions.</returns>
    private static IReadOnlyList<LabelledExecution> Unlabelled(LabelledHistory labelled, string threshold) =>
        labelled.Unlabelled is { Count: > 0 } recent && (Weighs(labelled.SilentWeight) || Weighs(labelled.FiredWeight))
            ? [.. recent.Where(u => u.Facts.Score is not null && u.Used.ContainsKey(threshold) && Weighs(u.ShouldFire ? labelled.FiredWeight : labelled.SilentWeight))]
            : [];

    private static bool Weighs(double weight) => double.IsFinite(weight) && weight > 0;

    /// <summary>
    /// A cooldown's candidates: its current value, the values the labels ran with, its range in steps of its declared step
    /// (at most <see cref="MaxReplayedRunValues"/> of them), and each label's gap and one less (the values that flip it).
    /// </summary>
    /// <param name="q">The gap-compared parameter.</param>
    /// <param name="q0">Its current value.</param>
    /// <param name="history">The labelled executions, oldest first.</param>
    /// <returns>The candidates, ascending.</returns>
    private static double[] CooldownCandidates(LearnableParameterSpec q, double q0, IReadOnlyList<LabelledExecution> history)
    {
        var values = new SortedSet<double> { q0 };
        foreach (var h in history)
        {
            if (h.Used.TryGetValue(q.Name, out var used))
            {
                values.Add(q.Clamp(used));
            }
        }

        var step = Math.Max(Math.Max(q.Step, (q.Max - q.Min) / MaxReplayedRunValues), 1);
        for (var v = q.Min; v <= q.Max + 1e-9; v += step)
        {
            values.Add(q.Clamp(Math.Round(v)));
        }

        foreach (var h in history)
        {
            if (h.Facts.Gap is { } gap)
            {
                values.Add(q.Clamp(Math.Ceiling(gap)));
                values.Add(q.Clamp(Math.Ceiling(gap) - 1));
            }
        }

        return [.. values];
    }

    /// <summary>Each labelled execution's score replayed with each candidate persistence and cooldown (null where it cannot be replayed).</summary>
    /// <param name="history">The labelled executions.</param>
    /// <param name="p">The run-compared parameter, or null.</param>
    /// <param name="q">The gap-compared parameter, or null.</param>
    /// <param name="persistences">The candidate persistences.</param>
    /// <param name="cooldowns">The candidate cooldowns, one per persistence entry.</param>
    /// <param name="replay">The function's replay.</param>
    /// <returns>One row per candidate pair, one entry per labelled execution.</returns>
    private static double?[][] ReplayAll(IReadOnlyList<LabelledExecution> history, LearnableParameterSpec? p, LearnableParameterSpec? q,
        double[] persistences, double[] cooldowns, LabelledReplay replay)
    {
        var rows = new double?[persistences.Length][];
        for (var j = 0; j < persistences.Length; j++)
        {
            var values = new Dictionary<string, double>(2, StringComparer.Ordinal);
            if (p is not null)
            {
                values[p.Name] = persistences[j];
            }

            if (q is not null)
            {
                values[q.Name] = cooldowns[j];
            }

            var row = rows[j] = new double?[history.Count];
            for (var i = 0; i < history.Count; i++)
            {
                row[i] = replay(history[i], values)?.Score;
            }
        }

        return rows;
    }

    /// <summary>The score <paramref name="h"/> is compared with at persistence <paramref name="pc"/> and cooldown <paramref name="qc"/>: recorded, or replayed; null when unknown.</summary>
    /// <param name="h">The labelled execution.</param>
    /// <param name="p">The run-compared parameter, or null.</param>
    /// <param name="pc">The candidate persistence.</param>
    /// <param name="q">The gap-compared parameter, or null.</param>
    /// <param name="qc">The candidate cooldown.</param>
    /// <param name="replayed">Its score replayed with <paramref name="pc"/> and <paramref name="qc"/>, or null.</param>
    /// <returns>The score, or null.</returns>
    private static double? ScoreAt(LabelledExecution h, LearnableParameterSpec? p, double pc, LearnableParameterSpec? q, double qc, double? replayed) =>
        Same(h, p, pc) && Same(h, q, qc) ? h.Facts.Score : replayed;

    private static bool Same(LabelledExecution h, LearnableParameterSpec? p, double value) =>
        p is null || !h.Used.TryGetValue(p.Name, out var used) || value == used;

    /// <summary>How far <paramref name="tc"/> lies from the nearest score, as a share of that score (infinite without scores).</summary>
    /// <param name="tc">The candidate threshold.</param>
    /// <param name="scores">The labelled executions' scores at the candidate persistence, ascending and distinct.</param>
    /// <returns>The relative distance to the nearest score.</returns>
    private static double Room(double tc, double[] scores)
    {
        // With positive scores and threshold the relative distance falls towards tc from either side: only the two
        // neighbours of tc can be nearest. Otherwise every score is checked.
        var from = 0;
        var to = scores.Length;
        if (tc > 0 && scores.Length > 0 && scores[0] > 0)
        {
            var at = AgreementSweep.LowerBound(scores, tc);
            (from, to) = (Math.Max(0, at - 1), Math.Min(scores.Length, at + 1));
        }

        var room = double.PositiveInfinity;
        for (var i = from; i < to; i++)
        {
            room = Math.Min(room, Math.Abs(tc - scores[i]) / Math.Max(Math.Abs(scores[i]), 1e-12));
        }

        return room;
    }

    private static double Value(IReadOnlyDictionary<string, double> values, LearnableParameterSpec p) =>
        values.TryGetValue(p.Name, out var v) && double.IsFinite(v) ? p.Clamp(v) : p.Default;
}
