namespace DriftDetection.Detection;

/// <summary>
/// When the detector alerts: once per run of consecutive samples scoring above the threshold, at the sample where the run
/// reaches <c>persistence</c> samples (a run shorter than that never alerts; a long run alerts once).
/// </summary>
public static class AlertRule
{
    /// <summary>The indices of <paramref name="scores"/> that alert, from <paramref name="from"/> on (earlier samples only extend runs).</summary>
    public static List<int> Alerts(ReadOnlySpan<double> scores, double threshold, int persistence, int from = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(persistence, 1);
        var alerts = new List<int>();
        var run = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            run = scores[i] > threshold ? run + 1 : 0;
            if (run == persistence && i >= from)
            {
                alerts.Add(i);
            }
        }

        return alerts;
    }

    /// <summary>
    /// The highest threshold at which a run of <paramref name="persistence"/> samples ending at or after <paramref name="from"/>
    /// still exists (the call's closest call: it alerts exactly when its threshold is below this), and where that run ends.
    /// </summary>
    public static (double Level, int End) PersistentPeak(ReadOnlySpan<double> scores, int persistence, int from = 0)
    {
        var level = 0.0;
        var end = Math.Max(from, 0);
        for (var i = Math.Max(from, persistence - 1); i < scores.Length; i++)
        {
            var low = double.PositiveInfinity;
            for (var k = i - persistence + 1; k <= i; k++)
            {
                low = Math.Min(low, scores[k]);
            }

            if (low > level)
            {
                (level, end) = (low, i);
            }
        }

        return (level, end);
    }

    /// <summary>The longest run of consecutive samples scoring above the threshold that ends at or after <paramref name="from"/>.</summary>
    public static int LongestRun(ReadOnlySpan<double> scores, double threshold, int from = 0)
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

        return longest;
    }
}
