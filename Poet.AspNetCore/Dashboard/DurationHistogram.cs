namespace Poet.AspNetCore.Dashboard;

/// <summary>
/// Counts durations in logarithmic bins (each 10 % wider than the last, from 1 µs to about an hour), so percentiles
/// over any number of calls take fixed memory; a percentile is accurate to within 5 %.
/// </summary>
internal sealed class DurationHistogram
{
    /// <summary>The number of bins.</summary>
    public const int BinCount = 240;

    private const double SmallestMs = 0.001;
    private static readonly double LogGrowth = Math.Log(1.1);

    private readonly long[] _bins = new long[BinCount];

    /// <summary>The number of durations counted.</summary>
    public long Count { get; private set; }

    /// <summary>Counts one duration.</summary>
    /// <param name="durationMs">The duration in milliseconds.</param>
    public void Add(double durationMs)
    {
        _bins[Bin(durationMs)]++;
        Count++;
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    /// <param name="other">Another histogram.</param>
    public void Add(DurationHistogram other)
    {
        for (var i = 0; i < BinCount; i++)
        {
            _bins[i] += other._bins[i];
        }

        Count += other.Count;
    }

    /// <summary>Forgets every duration.</summary>
    public void Clear()
    {
        Array.Clear(_bins);
        Count = 0;
    }

    /// <summary>The duration below which <paramref name="quantile"/> of the durations fall.</summary>
    /// <param name="quantile">From 0 to 1, for example 0.99.</param>
    /// <returns>The duration in milliseconds (the middle of its bin), or null when nothing was counted.</returns>
    public double? Percentile(double quantile)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var i = 0; i < BinCount; i++)
        {
            seen += _bins[i];
            if (seen >= rank)
            {
                return Middle(i);
            }
        }

        return Middle(BinCount - 1);
    }

    private static int Bin(double durationMs)
    {
        if (!(durationMs > SmallestMs))
        {
            return 0;
        }

        var bin = (int)(Math.Log(durationMs / SmallestMs) / LogGrowth) + 1;
        return Math.Min(bin, BinCount - 1);
    }

    // Bin i (from 1) holds durations in [SmallestMs * 1.1^(i-1), SmallestMs * 1.1^i): its geometric middle.
    private static double Middle(int bin) =>
        bin == 0 ? SmallestMs : SmallestMs * Math.Exp((bin - 0.5) * LogGrowth);
}
