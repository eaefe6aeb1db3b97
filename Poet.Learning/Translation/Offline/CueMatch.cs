namespace Poet.Translation.Offline;

/// <summary>One phrase found in feedback, with the cue it finally counts for and its weight after modifiers.</summary>
/// <param name="Phrase">The phrase.</param>
/// <param name="Cue">The cue after negation.</param>
/// <param name="Weight">The weight after negation, intensity, hedges, contrast and question form.</param>
/// <param name="Negated">Whether the phrase was negated.</param>
internal readonly record struct CueMatch(CompiledPhrase Phrase, FeedbackCue Cue, double Weight, bool Negated);
