namespace Poet;

/// <summary>
/// The agreement of every candidate threshold at one persistence, in one pass over the labels: a label's outcome changes
/// only where a candidate crosses its score, its replayed score or the threshold it ran with, so between those cuts it is
/// constant. Each label adds its agreement to a run of sorted candidates (a difference array) and a prefix sum gives
/// every candidate's total: O(labels × log candidates + candidates), not candidates × labels.
/// </summary>
internal static class AgreementSweep
{
    /// <summary>Fills <paramref name="agree"/>[k] with the weighed agreement of candidate <paramref name="thresholds"/>[k] at persistence <paramref name="pc"/> and cooldown <paramref name="qc"/>.</summary>
    /// <param name="thresholds">The candidate thresholds, ascending and distinct.</param>
    /// <param name="pc">The candidate persistence.</param>
    /// <param name="qc">The candidate cooldown.</param>
    /// <param name="evidence">The labels' evidence.</param>
    /// <param name="replayed">Each label's score replayed with <paramref name="pc"/> (null entries: unknown), or empty without replays.</param>
    /// <param name="missWeight">The weight of a label that should have fired.</param>
    /// <param name="agree">Receives one total per candidate (as long as <paramref name="thresholds"/>).</param>
    /// <param name="diff">Scratch space, one longer than <paramref name="thresholds"/>.</param>
    public static void Fill(ReadOnlySpan<double> thresholds, double pc, double qc, ReadOnlySpan<LabelEvidence> evidence, ReadOnlySpan<double?> replayed,
        double missWeight, Span<double> agree, Span<double> diff)
    {
        var count = thresholds.Length;
        diff[..(count + 1)].Clear();
        Span<int> cuts = stackalloc int[6];
        for (var i = 0; i < evidence.Length; i++)
        {
            ref readonly var e = ref evidence[i];
            var replay = replayed.IsEmpty ? null : replayed[i];
            cuts[0] = 0;
            cuts[1] = count;
            cuts[2] = LowerBound(thresholds, e.UsedThreshold);
            cuts[3] = UpperBound(thresholds, e.UsedThreshold);
            cuts[4] = LowerBound(thresholds, e.Score);
            cuts[5] = replay is { } r ? LowerBound(thresholds, r) : count;
            cuts.Sort();
            for (var c = 0; c + 1 < cuts.Length; c++)
            {
                var (from, to) = (cuts[c], cuts[c + 1]);
                if (from < to)
                {
                    var value = e.Agreement(thresholds[from], pc, qc, replay, missWeight);
                    diff[from] += value;
                    diff[to] -= value;
                }
            }
        }

        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            sum += diff[k];
            agree[k] = sum;
        }
    }

    /// <summary>The first index whose value is at least <paramref name="value"/> (the length when none is).</summary>
    /// <param name="sorted">Ascending values.</param>
    /// <param name="value">The value.</param>
    /// <returns>The index.</returns>
    internal static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The first index whose value is above <paramref name="value"/> (the length when none is).</summary>
    /// <param name="sorted">Ascending values.</param>
    /// <param name="value">The value.</param>
    /// <returns>The index.</returns>
    internal static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
