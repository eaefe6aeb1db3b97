using System.Text;
using System.Text.RegularExpressions;

namespace Poet.Storage.FileStore;

/// <summary>Keeps stored text valid Unicode, so every JSON tool (jq included) reads the store's files.</summary>
internal static partial class Unicode
{
    /// <summary>
    /// Replaces lone UTF-16 surrogates with U+FFFD, both as characters and as JSON escapes (<c>\ud800</c> not followed
    /// by a low surrogate escape, or a low one not preceded by a high one). Paired surrogates stay.
    /// </summary>
    /// <param name="text">The text (JSON or plain).</param>
    /// <returns>The text, unchanged when it has no lone surrogate.</returns>
    public static string WithoutLoneSurrogates(string text)
    {
        if (!HasLoneSurrogate(text) && !text.Contains("\\u", StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return LoneSurrogateEscape().Replace(builder.ToString(), "\\ufffd");
    }

    /// <summary>Whether the text holds a UTF-16 surrogate without its partner (text no UTF-8 writer can encode).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it has one.</returns>
    public static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    // A high surrogate escape not followed by a low one, or a low one not preceded by a high one.
    [GeneratedRegex(@"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex LoneSurrogateEscape();
}
