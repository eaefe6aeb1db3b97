namespace Poet;

/// <summary>
/// A phrase operators use in feedback, what it signals and how strongly. The offline translator matches phrases
/// word by word (case-insensitive, tolerant of word endings such as <c>paged</c>/<c>paging</c>, and of up to two
/// filler words inside a multi-word phrase), and flips the cue when the phrase is negated ("not just noise").
/// </summary>
/// <param name="Text">The phrase, for example <c>paged for nothing</c>.</param>
/// <param name="Cue">What it signals.</param>
/// <param name="Weight">How strongly, typically 0.5 (a hint) to 3 (unmistakable); 1 is a plain statement.</param>
public sealed record FeedbackPhrase(string Text, FeedbackCue Cue, double Weight = 1.0);
