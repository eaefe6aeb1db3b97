namespace Poet;

/// <summary>
/// Finds the names of <c>[Sensitive]</c> parameters in a plan's C# signature text. Execution records already
/// redact those values; the prompt builder drops them again by name as a second line of defence.
/// </summary>
internal static class LlmSensitiveParameters
{
    /// <summary>The parameter names marked <c>[Sensitive]</c> in a signature.</summary>
    /// <param name="signature">The method's signature as C# text (may be empty).</param>
    /// <returns>The names (ordinal).</returns>
    public static IReadOnlySet<string> FromSignature(string? signature)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(signature))
        {
            return names;
        }

        var index = 0;
        while ((index = signature.IndexOf("[Sensitive", index, StringComparison.Ordinal)) >= 0)
        {
            var end = EndOfParameter(signature, index);
            var declaration = signature[index..end];
            var equals = declaration.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                declaration = declaration[..equals];
            }

            var name = LastIdentifier(declaration);
            if (name.Length > 0)
            {
                names.Add(name);
            }

            index = end;
        }

        return names;
    }

    private static int EndOfParameter(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '<' or '(' or '[':
                    depth++;
                    break;
                case '>' or ']':
                    depth--;
                    break;
                case ')':
                    if (depth == 0)
                    {
                        return i;
                    }

                    depth--;
                    break;
                case ',' when depth == 0:
                    return i;
            }
        }

        return text.Length;
    }

    private static string LastIdentifier(string text)
    {
        var end = text.Length;
        while (end > 0 && !IsIdentifierChar(text[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && IsIdentifierChar(text[start - 1]))
        {
            start--;
        }

        return text[start..end].TrimStart('@');
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '@';
}
