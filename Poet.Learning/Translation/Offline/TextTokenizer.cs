using System.Globalization;
using System.Text;

namespace Poet.Translation.Offline;

/// <summary>
/// Turns feedback text into clauses of stemmed words: lower case, contractions expanded (<c>didn't</c> →
/// <c>did not</c>), slang and emoji mapped to words, split at punctuation and at contrast words.
/// </summary>
internal static class TextTokenizer
{
    /// <summary>Words that open a new contrast segment ("A but B": B is what the writer means).</summary>
    private static readonly HashSet<string> Adversatives = new(StringComparer.Ordinal)
    {
        "but", "however", "nevertheless", "nonetheless", "yet", "except", "instead", "whereas", "though",
    };

    /// <summary>Words that open a concession ("although A, B": A counts less).</summary>
    private static readonly HashSet<string> Concessives = new(StringComparer.Ordinal)
    {
        "although", "despite", "while", "albeit",
    };

    private static readonly Dictionary<string, string[]> Replacements = new(StringComparer.Ordinal)
    {
        ["can't"] = ["can", "not"],
        ["cant"] = ["can", "not"],
        ["cannot"] = ["can", "not"],
        ["won't"] = ["will", "not"],
        ["wont"] = ["will", "not"],
        ["ain't"] = ["is", "not"],
        ["aint"] = ["is", "not"],
        ["shan't"] = ["shall", "not"],
        ["dont"] = ["do", "not"],
        ["didnt"] = ["did", "not"],
        ["doesnt"] = ["does", "not"],
        ["isnt"] = ["is", "not"],
        ["wasnt"] = ["was", "not"],
        ["werent"] = ["were", "not"],
        ["arent"] = ["are", "not"],
        ["shouldnt"] = ["should", "not"],
        ["wouldnt"] = ["would", "not"],
        ["couldnt"] = ["could", "not"],
        ["havent"] = ["have", "not"],
        ["hasnt"] = ["has", "not"],
        ["hadnt"] = ["had", "not"],
        ["mustnt"] = ["must", "not"],
        ["neednt"] = ["need", "not"],
        ["it's"] = ["it", "is"],
        ["its"] = ["it", "is"],
        ["that's"] = ["that", "is"],
        ["thats"] = ["that", "is"],
        ["there's"] = ["there", "is"],
        ["what's"] = ["what", "is"],
        ["here's"] = ["here", "is"],
        ["he's"] = ["he", "is"],
        ["she's"] = ["she", "is"],
        ["who's"] = ["who", "is"],
        ["let's"] = ["let", "us"],
        ["fps"] = ["fp"],
        ["fns"] = ["fn"],
        ["tps"] = ["tp"],
        ["thx"] = ["thanks"],
        ["tks"] = ["thanks"],
        ["ty"] = ["thanks"],
        ["tyvm"] = ["thanks"],
        ["thnx"] = ["thanks"],
        ["pls"] = ["please"],
        ["plz"] = ["please"],
        ["u"] = ["you"],
        ["ur"] = ["your"],
        ["r"] = ["are"],
        ["idk"] = ["not", "sure"],
        ["imo"] = ["i", "think"],
        ["imho"] = ["i", "think"],
        ["afaict"] = ["i", "think"],
        ["gj"] = ["good", "job"],
        ["wp"] = ["well", "played"],
        ["nvm"] = [],
        ["tbh"] = [],
        ["lol"] = [],
        ["btw"] = [],
        ["w/o"] = ["without"],
        ["w/"] = ["with"],
        ["b/c"] = ["because"],
        ["bc"] = ["because"],
        ["alrt"] = ["alert"],
        ["alrm"] = ["alarm"],
        ["ok"] = ["okay"],
        ["k"] = ["okay"],
        ["kk"] = ["okay"],
        ["sev-1"] = ["sev1"],
        ["p1"] = ["sev1"],
        ["p0"] = ["sev1"],
        ["sev0"] = ["sev1"],
    };

    private static readonly Dictionary<int, string> Emoji = new()
    {
        [0x1F44D] = "thumbsup",
        [0x1F44E] = "thumbsdown",
        [0x1F64F] = "thanks",
        [0x1F389] = "great",
        [0x2705] = "correct",
        [0x2714] = "correct",
        [0x274C] = "wrong",
        [0x274E] = "wrong",
        [0x1F621] = "angry",
        [0x1F620] = "angry",
        [0x1F92C] = "angry",
        [0x1F644] = "annoying",
        [0x1F926] = "facepalm",
        [0x2764] = "love",
        [0x1F4AF] = "perfect",
        [0x1F44C] = "perfect",
        [0x1F60D] = "love",
        [0x1F622] = "sad",
        [0x1F62B] = "annoying",
        [0x1F929] = "great",
        [0x1F64C] = "great",
        [0x1F44F] = "great",
        [0x1F4A9] = "garbage",
        [0x1F6A8] = "alert",
        [0x1F634] = "noise",
        [0x1F4A4] = "noise",
        [0x1F615] = "confused",
    };

    /// <summary>Splits text into clauses.</summary>
    /// <param name="text">The feedback text (already length-capped by the caller).</param>
    /// <returns>The clauses, in order.</returns>
    public static List<Clause> Tokenize(string text)
    {
        var clauses = new List<Clause>();
        var segment = 0;
        var current = new Clause();
        var word = new StringBuilder(16);
        var upper = 0;
        var letters = 0;

        void FlushWord()
        {
            if (word.Length == 0)
            {
                return;
            }

            var raw = word.ToString();
            word.Clear();
            foreach (var expanded in Expand(raw))
            {
                if (Adversatives.Contains(expanded) && (current.Tokens.Count > 0 || clauses.Count > 0))
                {
                    FlushClause();
                    segment++;
                    current.Segment = segment;
                    continue;
                }

                if (Concessives.Contains(expanded) && current.Tokens.Count == 0)
                {
                    current.IsConcession = true;
                    continue;
                }

                current.Tokens.Add(new Token(expanded, Stemmer.Stem(expanded)));
            }
        }

        void FlushClause()
        {
            if (current.Tokens.Count > 0)
            {
                current.IsShouted = letters >= 8 && upper * 10 >= letters * 7;
                clauses.Add(current);
            }

            current = new Clause { Segment = segment };
            upper = 0;
            letters = 0;
        }

        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            if (Rune.DecodeFromUtf16(span[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                consumed = 1;
                rune = Rune.ReplacementChar;
            }

            i += consumed;
            if (Emoji.TryGetValue(rune.Value, out var emojiWord))
            {
                FlushWord();
                current.Tokens.Add(new Token(emojiWord, Stemmer.Stem(emojiWord)));
                continue;
            }

            if (!rune.IsBmp)
            {
                FlushWord();
                continue;
            }

            var c = (char)rune.Value;
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c))
                {
                    upper++;
                }

                word.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsDigit(c) || c == '+')
            {
                word.Append(c);
            }
            else if (c is '\'' or '\u2019' or '\u2018' or '`')
            {
                if (word.Length > 0)
                {
                    word.Append('\'');
                }
            }
            else if (c == '/' && word.Length > 0 && word.Length <= 2)
            {
                word.Append('/'); // w/o, b/c, w/
            }
            else if (c is '.' or '!' or '?' or ';' or '\n' or '\r' or ':' or '\u2026')
            {
                FlushWord();
                if (c == '?')
                {
                    current.IsQuestion = true;
                }
                else if (c == '!')
                {
                    current.IsExclamation = true;
                }

                if (c != '.' || i >= span.Length || !char.IsDigit(span[i]))
                {
                    FlushClause();
                }
            }
            else if (c is ',' or '(' or ')' or '"' or '\u201C' or '\u201D' or '[' or ']')
            {
                FlushWord();
                FlushClause();
            }
            else
            {
                FlushWord(); // whitespace, hyphen, other punctuation, control characters
            }
        }

        FlushWord();
        FlushClause();

        return clauses;
    }

    /// <summary>Tokenizes a phrase of a lexicon the same way as feedback (one clause, no contrast handling).</summary>
    /// <param name="phrase">The phrase.</param>
    /// <returns>The phrase's stems.</returns>
    public static string[] PhraseStems(string phrase)
    {
        var stems = new List<string>();
        foreach (var part in phrase.ToLower(CultureInfo.InvariantCulture).Split([' ', '-', '_', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var cleaned = part.Replace('\u2019', '\'').Trim('.', ',', '!', '?');
            foreach (var expanded in Expand(cleaned))
            {
                stems.Add(Stemmer.Stem(expanded));
            }
        }

        return [.. stems];
    }

    private static IEnumerable<string> Expand(string raw)
    {
        if (Replacements.TryGetValue(raw, out var replaced))
        {
            return replaced;
        }

        if (raw.EndsWith("n't", StringComparison.Ordinal) && raw.Length > 3)
        {
            return [raw[..^3], "not"];
        }

        var apostrophe = raw.IndexOf('\'', StringComparison.Ordinal);
        if (apostrophe > 0)
        {
            var head = raw[..apostrophe];
            var tail = raw[(apostrophe + 1)..];
            return tail switch
            {
                "re" => [head, "are"],
                "ve" => [head, "have"],
                "ll" => [head, "will"],
                "d" => [head, "would"],
                "m" => [head, "am"],
                _ => [head], // possessive 's and stray apostrophes
            };
        }

        return [raw];
    }
}
