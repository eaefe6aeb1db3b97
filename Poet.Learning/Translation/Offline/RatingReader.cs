using System.Globalization;
using System.Text.RegularExpressions;

namespace Poet.Translation.Offline;

/// <summary>Finds ratings written inside text: <c>2/5</c>, <c>7 out of 10</c>, <c>4 stars</c>, <c>★★☆☆☆</c>, <c>80%</c>.</summary>
internal static partial class RatingReader
{
    /// <summary>Reads the first rating in <paramref name="text"/>, scaled to 0..1, and the text without it.</summary>
    /// <param name="text">The feedback text.</param>
    /// <param name="rest">The text with the rating removed (so its digits are not read as words).</param>
    /// <returns>The rating, or null.</returns>
    public static double? Read(string text, out string rest)
    {
        try
        {
            return ReadWithin(text, out rest);
        }
        catch (RegexMatchTimeoutException)
        {
            // The patterns are linear in the (bounded) text, so this means the process was starved of CPU for two seconds:
            // no rating read, rather than a failed feedback.
            rest = text;
            return null;
        }
    }

    private static double? ReadWithin(string text, out string rest)
    {
        rest = text;
        var fraction = FractionPattern().Match(text);
        if (fraction.Success
            && double.TryParse(fraction.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.TryParse(fraction.Groups["max"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
            && max is 3 or 4 or 5 or 10 or 100 && value >= 0 && value <= max)
        {
            rest = text.Remove(fraction.Index, fraction.Length);
            return Scale(value, max);
        }

        var stars = StarsPattern().Match(text);
        if (stars.Success && double.TryParse(stars.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var starCount) && starCount is >= 0 and <= 5)
        {
            rest = text.Remove(stars.Index, stars.Length);
            return Scale(starCount, 5);
        }

        var glyphs = GlyphPattern().Match(text);
        if (glyphs.Success)
        {
            var full = glyphs.Value.Count(c => c is '★' or '⭐');
            var total = Math.Max(5, glyphs.Value.Length);
            rest = text.Remove(glyphs.Index, glyphs.Length);
            return Math.Clamp((double)full / total, 0, 1);
        }

        var percent = PercentPattern().Match(text);
        if (percent.Success && double.TryParse(percent.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) && pct is >= 0 and <= 100)
        {
            rest = text.Remove(percent.Index, percent.Length);
            return pct / 100;
        }

        return null;
    }

    /// <summary>How long one pattern may run: generous, since a busy machine can pause the process far longer than a match takes.</summary>
    private const int MatchTimeoutMs = 2000;

    // Small scales start at 1 ("1/5" is the worst, "3/5" the middle); larger scales start at 0.
    private static double Scale(double value, double max) =>
        max <= 5 && value >= 1 ? (value - 1) / (max - 1) : value / max;

    [GeneratedRegex(@"(?<![\d/.])(?<value>\d{1,3}(?:\.\d+)?)\s*(?:/|out\s+of)\s*(?<max>\d{1,3})(?![\d/])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeoutMs)]
    private static partial Regex FractionPattern();

    [GeneratedRegex(@"(?<![\d.])(?<value>\d(?:\.\d)?)\s*(?:stars?|\*)(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeoutMs)]
    private static partial Regex StarsPattern();

    [GeneratedRegex(@"[★⭐☆]{2,10}", RegexOptions.CultureInvariant, MatchTimeoutMs)]
    private static partial Regex GlyphPattern();

    [GeneratedRegex(@"(?<![\d.])(?<value>\d{1,3}(?:\.\d+)?)\s*%\s*(?:accurate|correct|right|useful|confident|satisfied|happy)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeoutMs)]
    private static partial Regex PercentPattern();
}
