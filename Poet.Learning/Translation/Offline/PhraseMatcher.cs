namespace Poet.Translation.Offline;

/// <summary>
/// Finds lexicon phrases in clauses and weighs each: longest phrases win overlaps; a negator up to three words
/// before a phrase flips its cue; intensifiers, hedges, contrast ("A but B"), concessions and questions scale it.
/// </summary>
internal static class PhraseMatcher
{
    private const int NegationWindow = 3;
    private const int MaxGap = 2;

    /// <summary>All weighted cue matches in the clauses.</summary>
    /// <param name="clauses">The tokenized feedback.</param>
    /// <param name="lexicon">The domain's lexicon.</param>
    /// <param name="weight">A factor for every match (for example for labels, which count more than free text).</param>
    /// <param name="matches">Receives the matches.</param>
    public static void Match(List<Clause> clauses, Lexicon lexicon, double weight, List<CueMatch> matches)
    {
        var lastSegment = clauses.Count == 0 ? 0 : clauses[^1].Segment;
        var candidates = new List<(int Start, int End, int Gaps, CompiledPhrase Phrase)>();
        foreach (var clause in clauses)
        {
            var tokens = clause.Tokens;
            if (IsRhetoricalNegativeQuestion(clause))
            {
                tokens = [tokens[0], .. tokens.Skip(2)]; // "shouldn't this have alerted?" asks "should this have alerted?"
            }

            candidates.Clear();
            for (var i = 0; i < tokens.Count; i++)
            {
                foreach (var phrase in lexicon.StartingWith(tokens[i].Stem))
                {
                    if (TryMatch(tokens, i, phrase.Stems, out var end, out var gaps))
                    {
                        candidates.Add((i, end, gaps, phrase));
                    }
                }
            }

            if (candidates.Count == 0)
            {
                continue;
            }

            candidates.Sort(static (a, b) =>
            {
                var byLength = b.Phrase.Stems.Length.CompareTo(a.Phrase.Stems.Length);
                if (byLength != 0)
                {
                    return byLength;
                }

                var byGaps = a.Gaps.CompareTo(b.Gaps);
                return byGaps != 0 ? byGaps : b.Phrase.Weight.CompareTo(a.Phrase.Weight);
            });

            var used = new bool[tokens.Count];
            var clauseFactor = ClauseFactor(clause, lastSegment);
            foreach (var (start, end, gaps, phrase) in candidates)
            {
                if (used.AsSpan(start, end - start + 1).Contains(true))
                {
                    continue;
                }

                used.AsSpan(start, end - start + 1).Fill(true);
                var negated = IsNegated(tokens, start);
                var w = phrase.Weight * weight * clauseFactor * Math.Pow(0.85, gaps) * Intensity(tokens, start, end) * Hedge(tokens, start);
                var cue = negated ? Negate(phrase.Cue, ref w) : phrase.Cue;
                if (cue is { } c && w > 0)
                {
                    matches.Add(new CueMatch(phrase, c, w, negated));
                }
            }
        }
    }

    /// <summary>What a negated cue means: "not a false alarm" is praise, "not just noise" says the event was real.</summary>
    private static FeedbackCue? Negate(FeedbackCue cue, ref double weight)
    {
        switch (cue)
        {
            case FeedbackCue.FalsePositive:
            case FeedbackCue.FalseNegative:
            case FeedbackCue.Complaint:
                return FeedbackCue.Correct;
            case FeedbackCue.Correct:
                return FeedbackCue.Complaint;
            case FeedbackCue.RealEvent:
                return FeedbackCue.NonEvent;
            case FeedbackCue.NonEvent:
                return FeedbackCue.RealEvent;
            default:
                weight *= 0.5; // "not slow", "didn't crash": mild praise
                return FeedbackCue.Correct;
        }
    }

    private static bool TryMatch(List<Token> tokens, int start, string[] stems, out int end, out int gaps)
    {
        end = start;
        gaps = 0;
        var position = start + 1;
        for (var k = 1; k < stems.Length; k++)
        {
            var found = false;
            while (position < tokens.Count)
            {
                if (string.Equals(tokens[position].Stem, stems[k], StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }

                // Fillers may sit inside a phrase ("why didn't THIS fire"), but never a negator.
                if (gaps >= MaxGap || CoreLexicon.Negators.Contains(tokens[position].Word))
                {
                    return false;
                }

                gaps++;
                position++;
            }

            if (!found)
            {
                return false;
            }

            end = position;
            position++;
        }

        return true;
    }

    private static bool IsNegated(List<Token> tokens, int start)
    {
        var negations = 0;
        for (var j = start - 1; j >= 0 && j >= start - NegationWindow; j--)
        {
            if (tokens[j].Word is "and" or "or" or "because" or "so" or "then" or "which" or "since")
            {
                break; // a negator before the conjunction belongs to the previous statement
            }

            if (CoreLexicon.Negators.Contains(tokens[j].Word))
            {
                negations++;
            }
        }

        return negations % 2 == 1;
    }

    /// <summary>"Isn't this just noise?" asserts that it is noise: the question's "not" does not negate.</summary>
    private static bool IsRhetoricalNegativeQuestion(Clause clause) =>
        clause.IsQuestion && clause.Tokens.Count >= 2
        && CoreLexicon.Auxiliaries.Contains(clause.Tokens[0].Word) && clause.Tokens[1].Word == "not";

    private static double ClauseFactor(Clause clause, int lastSegment)
    {
        var factor = 1.0;
        if (lastSegment > 0)
        {
            factor *= clause.Segment == lastSegment ? 1.3 : 0.65; // "good detector, but this was a false alarm"
        }

        if (clause.IsConcession)
        {
            factor *= 0.6;
        }

        if (clause.IsQuestion && clause.Tokens.Count > 0)
        {
            var first = clause.Tokens[0].Word;
            if (first is "why" or "how" or "where" or "what")
            {
                factor *= 1.0; // "why didn't this fire?" is a complaint
            }
            else if (CoreLexicon.Auxiliaries.Contains(first) && !IsRhetoricalNegativeQuestion(clause))
            {
                factor *= 0.6; // "was this a false alarm?" is unsure
            }
        }

        if (clause.IsExclamation)
        {
            factor *= 1.15;
        }

        if (clause.IsShouted)
        {
            factor *= 1.2;
        }

        return factor;
    }

    private static double Intensity(List<Token> tokens, int start, int end)
    {
        var factor = 1.0;
        for (var j = start - 1; j >= 0 && j >= start - 2; j--)
        {
            var word = tokens[j].Word;
            if (CoreLexicon.Intensifiers.Contains(word))
            {
                factor = Math.Max(factor, 1.3);
            }
            else if (CoreLexicon.Diminishers.Contains(word))
            {
                factor = Math.Min(factor, 0.6);
            }
        }

        for (var j = end + 1; j < tokens.Count && j <= end + 2; j++)
        {
            if (tokens[j].Word is "again" or "constantly" or "everywhere")
            {
                factor = Math.Max(factor, 1.2);
            }
        }

        return factor;
    }

    private static double Hedge(List<Token> tokens, int start)
    {
        for (var j = 0; j < start; j++)
        {
            if (CoreLexicon.Hedges.Contains(tokens[j].Word))
            {
                return 0.7;
            }
        }

        return 1.0;
    }
}
