using System.Text.Json;

namespace Poet;

/// <summary>Reads a model's reply as exactly one JSON object (optionally inside one Markdown code fence).</summary>
internal static class LlmAnswerText
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>
    /// Parses the reply. Accepted: a JSON object, possibly surrounded by whitespace or wrapped in one
    /// <c>```json ... ```</c> fence. Rejected: prose before or after, several objects, arrays, truncated JSON.
    /// </summary>
    /// <param name="reply">The model's reply text.</param>
    /// <param name="document">The parsed document (dispose it).</param>
    /// <param name="problem">Why the reply was rejected.</param>
    /// <returns>Whether the reply is one JSON object.</returns>
    public static bool TryParseObject(string? reply, out JsonDocument? document, out string problem)
    {
        document = null;
        if (string.IsNullOrWhiteSpace(reply))
        {
            problem = "empty reply";
            return false;
        }

        var text = Unfence(reply.Trim());
        if (!text.StartsWith('{'))
        {
            problem = "reply is not a JSON object";
            return false;
        }

        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException ex)
        {
            problem = $"reply is not valid JSON ({ex.Message})";
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            problem = "reply is not a JSON object";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private static string Unfence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstLineEnd < 0)
        {
            return text;
        }

        var language = text[3..firstLineEnd].Trim();
        if (language.Length > 0 && !string.Equals(language, "json", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        return text[(firstLineEnd + 1)..^3].Trim();
    }
}
