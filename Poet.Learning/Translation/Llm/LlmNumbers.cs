using System.Text.Json;

namespace Poet;

/// <summary>Strict reading of numbers in a model's answer.</summary>
internal static class LlmNumbers
{
    /// <summary>
    /// Reads a JSON number and clamps it to [<paramref name="min"/>, <paramref name="max"/>]. A number more than one
    /// range-width outside the range (confidence 85 meaning percent, a direction of 1000) means the model did not
    /// follow the schema and is rejected; anything that is not a JSON number is rejected.
    /// </summary>
    /// <param name="element">The element.</param>
    /// <param name="min">The range's low end.</param>
    /// <param name="max">The range's high end.</param>
    /// <param name="value">The clamped value.</param>
    /// <returns>Whether the element is an acceptable number.</returns>
    public static bool TryReadClamped(JsonElement element, double min, double max, out double value)
    {
        value = 0;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var raw) || !double.IsFinite(raw))
        {
            return false;
        }

        var width = max - min;
        if (raw < min - width || raw > max + width)
        {
            return false;
        }

        value = Math.Clamp(raw, min, max);
        return true;
    }
}
