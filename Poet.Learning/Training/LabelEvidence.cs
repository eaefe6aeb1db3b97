namespace Poet;

/// <summary>
/// What one labelled execution says about candidate values, read once per search: what it should have done, its score,
/// the values it ran with, its run length.
/// </summary>
/// <param name="ShouldFire">What the feedback says it should have done.</param>
/// <param name="Score">The score its result recorded.</param>
/// <param name="UsedThreshold">The score-compared value it ran with.</param>
/// <param name="HasPersistence">Whether it ran with a run-compared value.</param>
/// <param name="UsedPersistence">The run-compared value it ran with (0 without one).</param>
/// <param name="RunLength">The run length its result recorded, if any.</param>
internal readonly record struct LabelEvidence(bool ShouldFire, double Score, double UsedThreshold, bool HasPersistence, double UsedPersistence, double? RunLength)
{
    /// <summary>Whether it ran with a gap-compared value (a cooldown).</summary>
    public bool HasGap { get; init; }

    /// <summary>The gap-compared value it ran with (0 without one).</summary>
    public double UsedGap { get; init; }

    /// <summary>The gap its result recorded, if any: it fired exactly when the gap-compared value was below it.</summary>
    public double? Gap { get; init; }

    /// <summary>What agreeing with it weighs, when not the label's own weight (a recent unlabelled execution's); null: the label's.</summary>
    public double? Weight { get; init; }

    /// <summary>Reads the evidence of <paramref name="h"/> for a threshold <paramref name="t"/> and an optional persistence <paramref name="p"/>.</summary>
    /// <param name="h">The labelled execution (its score must be known).</param>
    /// <param name="t">The score-compared parameter.</param>
    /// <param name="p">The run-compared parameter, or null.</param>
    /// <param name="q">The gap-compared parameter, or null.</param>
    /// <returns>The evidence.</returns>
    public static LabelEvidence Of(LabelledExecution h, LearnableParameterSpec t, LearnableParameterSpec? p, LearnableParameterSpec? q = null)
    {
        var hasPersistence = p is not null && h.Used.TryGetValue(p.Name, out _);
        var hasGap = q is not null && h.Used.TryGetValue(q.Name, out _);
        return new LabelEvidence(h.ShouldFire, h.Facts.Score!.Value, h.Used[t.Name], hasPersistence,
            hasPersistence ? h.Used[p!.Name] : 0, h.Facts.RunLength)
        {
            HasGap = hasGap,
            UsedGap = hasGap ? h.Used[q!.Name] : 0,
            Gap = h.Facts.Gap,
        };
    }

    /// <summary>Whether it fires with <paramref name="tc"/>, <paramref name="pc"/> and <paramref name="qc"/>, or null when its evidence does not tell.</summary>
    /// <param name="tc">The candidate threshold.</param>
    /// <param name="pc">The candidate persistence.</param>
    /// <param name="qc">The candidate cooldown (ignored when it ran without one).</param>
    /// <param name="replayed">Its score replayed with <paramref name="pc"/> and <paramref name="qc"/>, when known.</param>
    /// <returns>Whether it fires, or null.</returns>
    public bool? Fires(double tc, double pc, double qc, double? replayed)
    {
        var samePersistence = !HasPersistence || pc == UsedPersistence;
        var sameGap = !HasGap || qc == UsedGap;
        if (samePersistence && sameGap)
        {
            return tc < Score; // the score decides
        }

        if (replayed is { } replayedScore)
        {
            return tc < replayedScore;
        }

        if (!sameGap)
        {
            // Only the cooldown differs, at the threshold it ran with: the gap decides (a lower threshold adds triggers,
            // which can start cooldowns, so elsewhere the evidence does not tell).
            return samePersistence && tc == UsedThreshold && Gap is { } gap ? qc < gap : null;
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

    /// <summary>How much agreeing with it is worth at <paramref name="tc"/>, <paramref name="pc"/> and <paramref name="qc"/>: its weight (<see cref="Weight"/>, or the label's) when the outcome matches, half when unknown, else 0.</summary>
    /// <param name="tc">The candidate threshold.</param>
    /// <param name="pc">The candidate persistence.</param>
    /// <param name="qc">The candidate cooldown.</param>
    /// <param name="replayed">Its score replayed with <paramref name="pc"/> and <paramref name="qc"/>, when known.</param>
    /// <param name="missWeight">The weight of a label that should have fired (1 for the others).</param>
    /// <returns>The agreement it adds.</returns>
    public double Agreement(double tc, double pc, double qc, double? replayed, double missWeight) =>
        (Weight ?? (ShouldFire ? missWeight : 1)) * (Fires(tc, pc, qc, replayed) is { } fires ? (fires == ShouldFire ? 1 : 0) : 0.5);
}
