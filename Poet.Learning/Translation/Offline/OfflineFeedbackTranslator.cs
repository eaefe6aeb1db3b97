using System.Globalization;
using System.Text;

namespace Poet.Translation.Offline;

/// <summary>
/// The embedded translator, always last in the chain: reads feedback with the domain template's weighted phrases
/// and everyday language (negation scope, contrast, hedges, questions, ratings such as <c>2/5</c>, labels and
/// boolean fields), then uses the execution (did the function fire?) to turn "wrong", "real incident" or
/// "just noise" into a false positive, a false negative or a confirmation. It never moves values itself: it gives
/// directions from the train spec's issue map, and the trainer bounds the steps.
/// </summary>
internal sealed class OfflineFeedbackTranslator : IFeedbackTranslator
{
    /// <summary>The translator's name.</summary>
    public const string TranslatorName = "offline";

    /// <summary>Text beyond this many characters is not read (the raw payload is still stored in full).</summary>
    public const int MaxAnalyzedChars = 16_384;

    private const double MinimumEvidence = 0.9;
    private const double MinimumDominance = 0.6;

    /// <inheritdoc />
    public string Name => TranslatorName;

    /// <inheritdoc />
    public ValueTask<LearningSignal?> TranslateAsync(TranslationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<LearningSignal?>(Translate(context));
    }

    /// <summary>Translates synchronously (the offline translator does no I/O).</summary>
    /// <param name="context">The feedback and its execution.</param>
    /// <returns>The signal; <see cref="FeedbackVerdict.Other"/> when the feedback carries no usable judgement.</returns>
    public static LearningSignal Translate(TranslationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feedback = context.Feedback;
        var lexicon = Lexicon.For(context.Domain);
        var matches = new List<CueMatch>();
        double? rating = feedback.Rating is { } r && double.IsFinite(r) ? Math.Clamp(r, 0, 1) : null;

        if (!string.IsNullOrWhiteSpace(feedback.Text))
        {
            var text = feedback.Text.Length > MaxAnalyzedChars ? feedback.Text[..MaxAnalyzedChars] : feedback.Text;
            var inText = RatingReader.Read(text, out var rest);
            rating ??= inText;
            PhraseMatcher.Match(TextTokenizer.Tokenize(rest), lexicon, 1.0, matches);
        }

        if (!string.IsNullOrWhiteSpace(feedback.Label))
        {
            var label = feedback.Label.Replace('_', ' ').Replace('-', ' ');
            PhraseMatcher.Match(TextTokenizer.Tokenize(label), lexicon, 1.5, matches);
        }

        foreach (var (name, value) in feedback.Fields)
        {
            if (bool.TryParse(value, out var flag))
            {
                // { falseAlarm = true }, { isCorrect = false }: the name is the statement, false negates it.
                var statement = (flag ? string.Empty : "not ") + SplitName(name);
                PhraseMatcher.Match(TextTokenizer.Tokenize(statement), lexicon, 1.5, matches);
            }
        }

        var facts = ExecutionInspector.Inspect(context.Execution, context.Domain);
        var tally = new VerdictTally(facts, context.Execution.Outcome);
        foreach (var match in matches)
        {
            tally.Add(match.Cue, match.Weight, Describe(match));
        }

        if (rating is { } rated)
        {
            var strength = Math.Abs(rated - 0.5) * 4; // 0 at the middle, 2 at either end
            if (strength > 0.2)
            {
                tally.Add(rated > 0.5 ? FeedbackCue.Correct : FeedbackCue.Complaint, strength, $"rating {(feedback.Rating is not null ? feedback.RatingText : null) ?? $"{rated.ToString("0.##", CultureInfo.InvariantCulture)} of 1"}");
            }
        }

        return Decide(context, tally, facts);
    }

    private static LearningSignal Decide(TranslationContext context, VerdictTally tally, ExecutionFacts facts)
    {
        var (verdict, score, runnerUp) = tally.Winner();
        if (verdict is null || score < MinimumEvidence)
        {
            var why = tally.Unresolved > 0
                ? "a complaint, but the result does not say whether the function fired; say \"false alarm\" or \"missed\""
                : "no usable judgement in the feedback";
            return LearningSignal.None(TranslatorName, why);
        }

        var dominance = score / (score + runnerUp);
        if (dominance < MinimumDominance)
        {
            return LearningSignal.None(TranslatorName, $"mixed feedback ({tally.Summary()}); nothing learned");
        }

        var strength = 1 - Math.Exp(-score / 1.5);
        var confidence = Math.Round(Math.Clamp(dominance * strength, 0, 1), 3);
        var magnitude = Math.Round(Math.Clamp(strength, 0.25, 1), 3);
        var adjustments = new List<ParameterAdjustment>();
        if (verdict is not FeedbackVerdict.Correct && context.TrainSpec.IssueMap.TryGetValue(verdict.Value, out var directions))
        {
            foreach (var parameter in context.TrainSpec.Parameters)
            {
                if (directions.TryGetValue(parameter.Name, out var direction) && direction != 0)
                {
                    adjustments.Add(new ParameterAdjustment(parameter.Name, Math.Sign(direction), magnitude));
                }
            }
        }

        var rationale = new StringBuilder(160);
        rationale.Append(IssueName(verdict.Value).Replace('_', ' ')).Append(": ").Append(tally.Evidence(verdict.Value));
        if (facts.Fired is { } fired)
        {
            rationale.Append("; the function ").Append(fired ? "fired" : "stayed silent");
            if (facts.FiredEvidence is not null)
            {
                rationale.Append(" (").Append(facts.FiredEvidence).Append(')');
            }
        }

        if (adjustments.Count > 0)
        {
            rationale.Append("; ").Append(string.Join(", ", adjustments.Select(a => $"{(a.Direction > 0 ? "raise" : "lower")} {a.Name}")));
        }
        else if (verdict is not FeedbackVerdict.Correct)
        {
            rationale.Append("; no learnable parameter is mapped to this issue");
        }

        return new LearningSignal
        {
            Verdict = verdict.Value,
            Issue = IssueName(verdict.Value),
            Adjustments = adjustments,
            Confidence = confidence,
            Rationale = rationale.ToString(),
            Translator = TranslatorName,
        };
    }

    /// <summary>The issue name recorded for a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>For example <c>false_alarm</c>.</returns>
    public static string IssueName(FeedbackVerdict verdict) => verdict switch
    {
        FeedbackVerdict.FalsePositive => "false_alarm",
        FeedbackVerdict.FalseNegative => "missed_event",
        FeedbackVerdict.Correct => "correct",
        FeedbackVerdict.TooSlow => "too_slow",
        FeedbackVerdict.Unreliable => "unreliable",
        _ => "other",
    };

    private static string Describe(CueMatch match) =>
        (match.Negated ? "negated \"" : "\"") + match.Phrase.Text + "\"";

    private static string SplitName(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]))
            {
                builder.Append(' ');
            }

            builder.Append(c is '_' or '-' or '.' ? ' ' : c);
        }

        var text = builder.ToString();
        return text.StartsWith("is ", StringComparison.OrdinalIgnoreCase) || text.StartsWith("was ", StringComparison.OrdinalIgnoreCase)
            ? text[(text.IndexOf(' ', StringComparison.Ordinal) + 1)..]
            : text;
    }
}
