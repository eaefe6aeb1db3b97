using System.Runtime.CompilerServices;

namespace Poet.Translation.Offline;

/// <summary>One phrase ready for matching: its stems, cue and weight.</summary>
/// <param name="Text">The phrase as written.</param>
/// <param name="Stems">The phrase's stems.</param>
/// <param name="Cue">What it signals.</param>
/// <param name="Weight">How strongly.</param>
internal sealed record CompiledPhrase(string Text, string[] Stems, FeedbackCue Cue, double Weight);

/// <summary>
/// A domain's phrases (the template's <see cref="DomainTemplate.Vocabulary"/>, then the core lexicon, then the template's
/// <see cref="DomainTemplate.Phrases"/>; later entries replace earlier ones with the same words), indexed by first stem.
/// Compiled once per template.
/// </summary>
internal sealed class Lexicon
{
    private static readonly ConditionalWeakTable<DomainTemplate, Lexicon> Cache = [];
    private readonly Dictionary<string, CompiledPhrase[]> _byFirstStem;

    private Lexicon(IEnumerable<CompiledPhrase> phrases)
    {
        var unique = new Dictionary<string, CompiledPhrase>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
            if (phrase.Stems.Length > 0 && double.IsFinite(phrase.Weight) && phrase.Weight > 0)
            {
                unique[string.Join(' ', phrase.Stems)] = phrase;
            }
        }

        _byFirstStem = unique.Values
            .GroupBy(p => p.Stems[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Stems.Length).ToArray(), StringComparer.Ordinal);
        Count = unique.Count;
    }

    /// <summary>How many distinct phrases the lexicon holds.</summary>
    public int Count { get; }

    /// <summary>The lexicon of a domain template (cached).</summary>
    /// <param name="domain">The template.</param>
    /// <returns>The compiled lexicon.</returns>
    public static Lexicon For(DomainTemplate domain) => Cache.GetValue(domain, static d => new Lexicon(Collect(d)));

    /// <summary>The phrases whose first stem is <paramref name="stem"/>, longest first.</summary>
    /// <param name="stem">A stem.</param>
    /// <returns>The candidates (empty when none).</returns>
    public ReadOnlySpan<CompiledPhrase> StartingWith(string stem) =>
        _byFirstStem.TryGetValue(stem, out var phrases) ? phrases : [];

    private static IEnumerable<CompiledPhrase> Collect(DomainTemplate domain)
    {
        foreach (var (verdict, phrases) in domain.Vocabulary)
        {
            var cue = verdict switch
            {
                FeedbackVerdict.FalsePositive => FeedbackCue.FalsePositive,
                FeedbackVerdict.FalseNegative => FeedbackCue.FalseNegative,
                FeedbackVerdict.Correct => FeedbackCue.Correct,
                FeedbackVerdict.TooSlow => FeedbackCue.TooSlow,
                FeedbackVerdict.Unreliable => FeedbackCue.Unreliable,
                _ => (FeedbackCue?)null,
            };
            if (cue is null)
            {
                continue;
            }

            foreach (var text in phrases ?? [])
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    // A multi-word domain phrase is specific; a single word is a hint.
                    var stems = TextTokenizer.PhraseStems(text);
                    yield return new CompiledPhrase(text, stems, cue.Value, stems.Length > 1 ? 2.0 : 1.2);
                }
            }
        }

        foreach (var phrase in CoreLexicon.Phrases)
        {
            yield return Compile(phrase);
        }

        foreach (var phrase in domain.Phrases ?? [])
        {
            if (phrase is not null && !string.IsNullOrWhiteSpace(phrase.Text))
            {
                yield return Compile(phrase);
            }
        }
    }

    private static CompiledPhrase Compile(FeedbackPhrase phrase) =>
        new(phrase.Text, TextTokenizer.PhraseStems(phrase.Text), phrase.Cue, Math.Clamp(phrase.Weight, 0, 5));
}
