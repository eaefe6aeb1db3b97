namespace DriftDetection.Detection;

/// <summary>
/// The last <c>capacity</c> values of a series, kept sorted so the robust baseline's median and MAD cost O(capacity) per
/// sample, not a sort. Holds the same multiset as the window it slides over, so a chunk's scores equal the whole stream's.
/// </summary>
internal sealed class SortedWindow(int capacity)
{
    private readonly double[] _sorted = new double[capacity];
    private int _count;

    /// <summary>How many values it holds.</summary>
    public int Count => _count;

    /// <summary>Replaces the contents with <paramref name="values"/>.</summary>
    public void Fill(ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Length, _sorted.Length);
        values.CopyTo(_sorted);
        _count = values.Length;
        _sorted.AsSpan(0, _count).Sort();
    }

    /// <summary>Removes one occurrence of <paramref name="leaving"/> and adds <paramref name="entering"/>.</summary>
    public void Slide(double leaving, double entering)
    {
        var at = _sorted.AsSpan(0, _count).BinarySearch(leaving);
        if (at < 0)
        {
            throw new InvalidOperationException($"The window does not hold {leaving}.");
        }

        Array.Copy(_sorted, at + 1, _sorted, at, _count - at - 1);
        _count--;
        var to = _sorted.AsSpan(0, _count).BinarySearch(entering);
        to = to < 0 ? ~to : to;
        Array.Copy(_sorted, to, _sorted, to + 1, _count - to);
        _sorted[to] = entering;
        _count++;
    }

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    public double Median()
    {
        var half = _count / 2;
        return _count % 2 == 1 ? _sorted[half] : (_sorted[half - 1] + _sorted[half]) / 2;
    }

    /// <summary>
    /// The median absolute deviation from <paramref name="median"/>: the deviations below and above the median each grow
    /// away from it, so merging the two runs outwards finds the middle ones without sorting.
    /// </summary>
    public double MedianAbsoluteDeviation(double median)
    {
        var half = _count / 2;
        var left = _count % 2 == 1 ? half : half - 1;
        var right = left + 1;
        double previous = 0, current = 0;
        for (var k = 0; k <= half; k++)
        {
            previous = current;
            var below = left >= 0 ? median - _sorted[left] : double.PositiveInfinity;
            var above = right < _count ? _sorted[right] - median : double.PositiveInfinity;
            if (below <= above)
            {
                current = below;
                left--;
            }
            else
            {
                current = above;
                right++;
            }
        }

        // The deviations ranked half - 1 and half (0-based): the middle pair for an even count, the middle one for an odd.
        return _count % 2 == 1 ? current : (previous + current) / 2;
    }

    /// <summary>The mean absolute deviation from <paramref name="median"/>.</summary>
    public double MeanAbsoluteDeviation(double median)
    {
        var sum = 0.0;
        for (var k = 0; k < _count; k++)
        {
            sum += Math.Abs(_sorted[k] - median);
        }

        return sum / _count;
    }
}
