using System.Globalization;

namespace Poet.AspNetCore.Endpoints;

/// <summary>The <c>limit</c> query parameter of the list endpoints: how many items, from 1 to a maximum.</summary>
internal static class QueryLimit
{
    /// <summary>Reads <paramref name="text"/>.</summary>
    /// <param name="text">The query value, or null when absent.</param>
    /// <param name="defaultValue">The value when absent.</param>
    /// <param name="max">The largest value allowed.</param>
    /// <param name="limit">The limit.</param>
    /// <param name="error">Why the value is wrong, when it is.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryRead(string? text, int defaultValue, int max, out int limit, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        error = null;
        limit = defaultValue;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max)
        {
            error = $"Must be a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}; got '{JsonFields.Quote(text)}'.";
            return false;
        }

        return true;
    }
}
