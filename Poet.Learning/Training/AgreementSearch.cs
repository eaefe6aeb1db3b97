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
/// values. Each parameter moves at most its largest step per update (the safety bound).
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
        var threshold = movable.Where(p => !labelled.RunParameter(p.Name)).ToList();
        var persistence = movable.Where(p => labelled.RunParameter(p.Name)).ToList();
        if (history.Count == 0 || threshold.Count != 1 || persistence.Count > 1
            || history.Any(h => h.Facts.Score is null || !h.Used.ContainsKey(threshold[0].Name)))
        {
            return null;
        }

        var t = threshold[0];
        var p = persistence.Count == 1 ? persistence[0] : null;
        var t0 = Value(current, t);
        var p0 = p is null ? 0 : Value(current, p);
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

        var replays = new Dictionary<(LabelledExecution, double), double?>();
        Func<LabelledExecution, double, double?>? replayedScore = null;
        if (p is not null && labelled.Replay is { } replay)
        {
            replayedScore = (h, pc) =>
            {
                if (!replays.TryGetValue((h, pc), out var score))
                {
                    score = replay(h, new Dictionary<string, double>(StringComparer.Ordinal) { [p.Name] = pc })?.Score;
                    replays[(h, pc)] = score;
                }

                return score;
            };
            if (p.IsInteger && p.Max - p.Min <= MaxReplayedRunValues)
            {
                for (var v = Math.Ceiling(p.Min); v <= p.Max; v++)
                {
                    persistences.Add(v);
                }
            }

            foreach (var pc in persistences)
            {
                foreach (var h in history)
                {
                    if (replayedScore(h, pc) is { } score)
                    {
                        AddScore(score);
                    }
                }
            }
        }

        // The decision margin: candidates a share of each score beyond it and halfway between neighbouring scores, so one
        // complaint settles the whole class of similar executions rather than only the one complained about.
        var margin = double.IsFinite(labelled.DecisionMargin) && labelled.DecisionMargin > 0 ? labelled.DecisionMargin : 0;
        var scoresAt = new Dictionary<double, double[]?>();
        foreach (var pc in margin > 0 ? persistences : [])
        {
            var known = history.Select(h => ScoreAt(h, p, pc, replayedScore)).ToList();
            var scores = known.OfType<double>().Distinct().Order().ToArray();
            scoresAt[pc] = known.Contains(null) ? null : scores; // a label whose score is unknown there leaves no known margin
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

        // The evidence of each labelled execution, read once (not per candidate): every candidate pair is checked against
        // every label, so the inner loop reads arrays, not dictionaries.
        var evidence = history.Select(h => Evidence.Of(h, t, p)).ToArray();
        var replayedAt = new Dictionary<double, double?[]>();
        if (replayedScore is not null)
        {
            foreach (var pc in persistences)
            {
                replayedAt[pc] = [.. history.Select(h => replayedScore(h, pc))];
            }
        }

        (double T, double P, double Agree, double Margin, double Cost)? best = null;
        var total = history.Sum(h => h.ShouldFire ? missWeight : 1);
        foreach (var tc in thresholds)
        {
            foreach (var pc in persistences)
            {
                var agree = 0.0;
                var replayedRow = replayedAt.GetValueOrDefault(pc);
                for (var i = 0; i < evidence.Length; i++)
                {
                    ref readonly var e = ref evidence[i];
                    var weight = e.ShouldFire ? missWeight : 1;
                    agree += weight * (e.Fires(tc, pc, replayedRow is null ? null : replayedRow[i]) is { } fires ? (fires == e.ShouldFire ? 1 : 0) : 0.5);
                }

                var room = scoresAt.TryGetValue(pc, out var scored) && scored is not null ? Math.Min(Room(tc, scored), margin) : 0;
                var cost = (Math.Abs(tc - t0) / (t.Max - t.Min)) + (p is null ? 0 : Math.Abs(pc - p0) / (p.Max - p.Min));
                if (best is null || agree > best.Value.Agree + 1e-9
                    || (Math.Abs(agree - best.Value.Agree) <= 1e-9 && (room > best.Value.Margin + 1e-9
                        || (Math.Abs(room - best.Value.Margin) <= 1e-9 && cost < best.Value.Cost - 1e-12))))
                {
                    best = (tc, pc, agree, room, cost);
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

        summary = string.Create(CultureInfo.InvariantCulture,
            $"agrees with {best.Value.Agree:0.#} of {total:0.#} (labelled executions weighed{(missWeight != 1 ? $", a missed event as {missWeight:0.#}" : string.Empty)}{(replayedScore is not null ? ", checked by replay" : string.Empty)})");
        return chosen;
    }

    /// <summary>Whether <paramref name="h"/> would fire with threshold <paramref name="tc"/> and persistence <paramref name="pc"/>, when its evidence tells.</summary>
    /// <param name="h">The labelled execution.</param>
    /// <param name="t">The score-compared parameter.</param>
    /// <param name="p">The run-compared parameter, or null.</param>
    /// <param name="tc">The candidate threshold.</param>
    /// <param name="pc">The candidate persistence.</param>
    /// <param name="replayedScore">The score of <paramref name="h"/> replayed with a persistence, or null without replays.</param>
    /// <returns>Whether it fires, or null when unknown.</returns>
    internal static bool? Fires(LabelledExecution h, LearnableParameterSpec t, LearnableParameterSpec? p, double tc, double pc,
        Func<LabelledExecution, double, double?>? replayedScore = null)
    {
        var evidence = Evidence.Of(h, t, p);
        return evidence.Fires(tc, pc, evidence.HasPersistence && pc != evidence.UsedPersistence ? replayedScore?.Invoke(h, pc) : null);
    }

    /// <summary>What one labelled execution says about candidate values: its score, the values it ran with, its run length.</summary>
    private readonly record struct Evidence(bool ShouldFire, double Score, double UsedThreshold, bool HasPersistence, double UsedPersistence, double? RunLength)
    {
        public static Evidence Of(LabelledExecution h, LearnableParameterSpec t, LearnableParameterSpec? p)
        {
            var hasPersistence = p is not null && h.Used.TryGetValue(p.Name, out _);
            return new Evidence(h.ShouldFire, h.Facts.Score!.Value, h.Used[t.Name], hasPersistence,
                hasPersistence ? h.Used[p!.Name] : 0, h.Facts.RunLength);
        }

        /// <summary>Whether it fires with <paramref name="tc"/> and <paramref name="pc"/>, or null when its evidence does not tell.</summary>
        /// <param name="tc">The candidate threshold.</param>
        /// <param name="pc">The candidate persistence.</param>
        /// <param name="replayed">Its score replayed with <paramref name="pc"/>, when known.</param>
        /// <returns>Whether it fires, or null.</returns>
        public bool? Fires(double tc, double pc, double? replayed)
        {
            if (!HasPersistence || pc == UsedPersistence)
            {
                return tc < Score; // the score decides
            }

            if (replayed is { } replayedScore)
            {
                return tc < replayedScore;
            }

            if (RunLength is { } r)
            {
                if (tc == UsedThreshold)
                {
                    return pc <= r;
                }

                if (tc <= UsedThreshold && pc <= r)
                {
                    return true;
                }

                if (tc >= UsedThreshold && pc > r)
                {
                    return false;
                }
            }

            if (tc < Score && pc <= UsedPersistence)
            {
                return true;
            }

            return tc >= Score && pc >= UsedPersistence ? false : null;
        }
    }

    /// <summary>The score <paramref name="h"/> is compared with at persistence <paramref name="pc"/>: recorded, or replayed; null when unknown.</summary>
    /// <param name="h">The labelled execution.</param>
    /// <param name="p">The run-compared parameter, or null.</param>
    /// <param name="pc">The candidate persistence.</param>
    /// <param name="replayedScore">The replayed score, or null without replays.</param>
    /// <returns>The score, or null.</returns>
    private static double? ScoreAt(LabelledExecution h, LearnableParameterSpec? p, double pc,
        Func<LabelledExecution, double, double?>? replayedScore) =>
        p is null || !h.Used.TryGetValue(p.Name, out var used) || pc == used ? h.Facts.Score : replayedScore?.Invoke(h, pc);

    /// <summary>How far <paramref name="tc"/> lies from the nearest score, as a share of that score (infinite without scores).</summary>
    /// <param name="tc">The candidate threshold.</param>
    /// <param name="scores">The labelled executions' scores at the candidate persistence.</param>
    /// <returns>The relative distance to the nearest score.</returns>
    private static double Room(double tc, double[] scores)
    {
        var room = double.PositiveInfinity;
        foreach (var score in scores)
        {
            room = Math.Min(room, Math.Abs(tc - score) / Math.Max(Math.Abs(score), 1e-12));
        }

        return room;
    }

    private static double Value(IReadOnlyDictionary<string, double> values, LearnableParameterSpec p) =>
        values.TryGetValue(p.Name, out var v) && double.IsFinite(v) ? p.Clamp(v) : p.Default;
}
