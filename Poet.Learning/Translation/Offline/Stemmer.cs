namespace Poet.Translation.Offline;

/// <summary>
/// A deliberately crude English stemmer: it only has to map a word and its inflections to the same key
/// (<c>page</c>, <c>paged</c>, <c>paging</c>, <c>pages</c> → <c>pag</c>), the same way for phrases and feedback.
/// </summary>
internal static class Stemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsAsciiLetter(word[^1]))
        {
            return word;
        }

        var stem = word;
        if (stem.EndsWith("ing", StringComparison.Ordinal) && stem.Length - 3 >= 3)
        {
            stem = stem[..^3];
        }
        else if (stem.EndsWith("ied", StringComparison.Ordinal) || stem.EndsWith("ies", StringComparison.Ordinal))
        {
            stem = stem[..^3] + "y";
        }
        else if (stem.EndsWith("ed", StringComparison.Ordinal) && stem.Length - 2 >= 3)
        {
            stem = stem[..^2];
        }
        else if (stem.EndsWith("es", StringComparison.Ordinal) && stem.Length - 2 >= 3 && stem[^3] is 's' or 'x' or 'z' or 'h')
        {
            stem = stem[..^2];
        }
        else if (stem.EndsWith('s') && !stem.EndsWith("ss", StringComparison.Ordinal) && !stem.EndsWith("us", StringComparison.Ordinal) && stem.Length - 1 >= 3)
        {
            stem = stem[..^1];
        }

        if (stem.Length > 3 && stem.EndsWith('e'))
        {
            stem = stem[..^1];
        }

        // "stopped" -> "stopp" -> "stop"
        if (stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('s' or 'l' or 'e'))
        {
            stem = stem[..^1];
        }

        return stem;
    }
}
