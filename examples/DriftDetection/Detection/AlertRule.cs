namespace DriftDetection.Detection;

/// <summary>
/// When the detector alerts. A <em>trigger</em> is the sample where a run of consecutive samples scoring above the
/// threshold reaches <c>persistence</c> samples (a shorter run never triggers; a long run triggers once). A trigger alerts
/// unless another trigger came within the <c>cooldown</c> samples before it (0: every trigger alerts). The cooldown counts
/// from every trigger, alerted or not, so whether a sample alerts depends only on the <c>cooldown + persistence</c>
/// samples before it: a chunk scored with that much context alerts exactly where the whole stream does.
/// </summary>
public static class AlertRule
{
    /// <summary>The indices of <paramref name="scores"/> that alert, from <paramref name="from"/> on (earlier samples only extend runs and start cooldowns).</summary>
    public static List<int> Alerts(ReadOnlySpan<double> scores, double threshold, int persistence, int cooldown, int from = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(persistence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        var alerts = new List<int>();
        var run = 0;
        var lastTrigger = -1L - cooldown;
        for (var i = 0; i < scores.Length; i++)
        {
            run = scores[i] > threshold ? run + 1 : 0;
            if (run != persistence)
            {
                continue;
            }

            if (i >= from && i - lastTrigger > cooldown)
            {
                alerts.Add(i);
            }

            lastTrigger = i;
        }

        return alerts;
    }

    /// <summary>Whether any sample from <paramref name="from"/> on alerts (see <see cref="Alerts"/>).</summary>
    public static bool Fires(ReadOnlySpan<double> scores, double threshold, int persistence, int cooldown, int from = 0) =>
        Alerts(scores, threshold, persistence, cooldown, from).Count > 0;

    /// <summary>
    /// The highest threshold at which the call still alerts with <paramref name="persistence"/> and <paramref name="cooldown"/>
    /// (it alerts when its threshold is below this), and where the run behind it ends; 0 and the first scored sample when no
    /// threshold alerts. Without a cooldown this is the highest level a full run stayed above.
    /// </summary>
    public static (double Level, int End) PersistentPeak(ReadOnlySpan<double> scores, int persistence, int cooldown, int from = 0)
    {
        // Each scored sample's level: the lowest score of the run of `persistence` samples ending there.
        var levels = new List<(double Level, int End)>();
        for (var i = Math.Max(from, persistence - 1); i < scores.Length; i++)
        {
            var low = double.PositiveInfinity;
            for (var k = i - persistence + 1; k <= i; k++)
            {
                low = Math.Min(low, scores[k]);
            }

            if (low > 0)
            {
                levels.Add((low, i));
            }
        }

        // Highest first (the earliest among equals); a cooldown can keep a level from alerting, so check each in turn.
        levels.Sort((a, b) => a.Level != b.Level ? b.Level.CompareTo(a.Level) : a.End.CompareTo(b.End));
        foreach (var (level, end) in levels)
        {
            if (cooldown == 0 || Fires(scores, Math.BitDecrement(level), persistence, cooldown, from))
            {
                return (level, end);
            }
        }

        return (0, Math.Max(from, 0));
    }

    /// <summary>
    /// The largest persistence at which the call still alerts with <paramref name="threshold"/> and <paramref name="cooldown"/>
    /// (0 when none does). Without a cooldown this is the longest run of samples above the threshold ending at or after
    /// <paramref name="from"/>.
    /// </summary>
    public static int LongestRun(ReadOnlySpan<double> scores, double threshold, int cooldown, int from = 0)
    {
        var longest = 0;
        var run = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            run = scores[i] > threshold ? run + 1 : 0;
            if (i >= from)
            {
                longest = Math.Max(longest, run);
            }
        }

        while (cooldown > 0 && longest > 0 && !Fires(scores, threshold, longest, cooldown, from))
        {
            longest--;
        }

        return longest;
    }

    /// <summary>
    /// The cooldown below which the call alerts with <paramref name="threshold"/> and <paramref name="persistence"/>: the
    /// longest distance from a trigger at or after <paramref name="from"/> to the trigger before it (at most
    /// <paramref name="horizon"/> + 1, also when no trigger came before); 0 without a trigger. A cooldown alerts exactly when below it.
    /// </summary>
    public static int Gap(ReadOnlySpan<double> scores, double threshold, int persistence, int horizon, int from = 0)
    {
        var gap = 0;
        var run = 0;
        var lastTrigger = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            run = scores[i] > threshold ? run + 1 : 0;
            if (run != persistence)
            {
                continue;
            }

            if (i >= from)
            {
                gap = Math.Max(gap, lastTrigger < 0 ? horizon + 1 : Math.Min(i - lastTrigger, horizon + 1));
            }

            lastTrigger = i;
        }

        return gap;
    }
}
