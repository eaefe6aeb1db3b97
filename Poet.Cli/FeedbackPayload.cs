using System.Text.Json;

namespace Poet.Cli;

/// <summary>Reads feedback given on the command line or in a file cell: JSON (a number, true/false, an object, a quoted string) or else text.</summary>
internal static class FeedbackPayload
{
    /// <summary>The payload: a <see cref="JsonElement"/> when the text is JSON, else the text itself.</summary>
    /// <param name="text">The feedback as given.</param>
    /// <returns>The payload for <see cref="IPoetFeedback"/>.</returns>
    public static object? Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return trimmed;
        }

        var first = trimmed[0];
        if (first is '{' or '[' or '"' or '-' or (>= '0' and <= '9') || trimmed is "true" or "false" or "null")
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                return document.RootElement.ValueKind == JsonValueKind.Null ? null : document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // not JSON: text such as "3 false alarms today" or "{oops"
            }
        }

        return trimmed;
    }
}
