using System.Text.Json;

namespace Poet.AspNetCore.Endpoints;

/// <summary>Reads fields of a JSON request object the way System.Text.Json's web defaults do (names case-insensitive).</summary>
internal static class JsonFields
{
    /// <summary>Finds a property by name, ignoring case.</summary>
    /// <param name="obj">A JSON object.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The property's value, when present.</param>
    /// <returns><see langword="true"/> when the property is present.</returns>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>A JSON value kind as a person says it (<c>string</c>, <c>number</c>, <c>object</c>, ...).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Shortens untrusted text for quoting in an error message.</summary>
    /// <param name="value">The text.</param>
    /// <returns>At most 40 characters, control characters replaced.</returns>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "...");
        return string.Create(shown.Length, shown, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
    }
}
