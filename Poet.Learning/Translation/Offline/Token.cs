namespace Poet.Translation.Offline;

/// <summary>One word of feedback after normalization: the word and its stem.</summary>
/// <param name="Word">The lower-case word (contractions expanded).</param>
/// <param name="Stem">The word's stem, used for matching.</param>
internal readonly record struct Token(string Word, string Stem);

/// <summary>A clause: the words between punctuation or contrast words, with what shapes how much it counts.</summary>
internal sealed class Clause
{
    public List<Token> Tokens { get; } = [];

    /// <summary>The clause ended with a question mark.</summary>
    public bool IsQuestion { get; set; }

    /// <summary>The clause ended with an exclamation mark.</summary>
    public bool IsExclamation { get; set; }

    /// <summary>Which contrast segment the clause is in ("A but B": A is 0, B is 1).</summary>
    public int Segment { get; set; }

    /// <summary>The clause opened with a concession ("although ...").</summary>
    public bool IsConcession { get; set; }

    /// <summary>The clause is written mostly in capitals (shouting).</summary>
    public bool IsShouted { get; set; }
}
