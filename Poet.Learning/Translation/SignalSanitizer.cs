namespace Poet.Translation;

/// <summary>
/// Treats every translator's answer as untrusted data: keeps only adjustments of declared learnable parameters,
/// reduces directions to -1/0/+1, clamps magnitude and confidence to [0, 1], drops NaN, and caps the text.
/// </summary>
internal static class SignalSanitizer
{
    private const int MaxRationaleChars = 2_000;

    /// <summary>The sanitized signal, stamped with the translator that served.</summary>
    /// <param name="signal">The translator's answer.</param>
    /// <param name="spec">The function's train spec (the declared parameters).</param>
    /// <param name="translator">The translator's name.</param>
    /// <returns>A signal that can only move declared parameters, in declared directions, by at most one step.</returns>
    public static LearningSignal Sanitize(LearningSignal signal, TrainSpec spec, string translator)
    {
        var declared = spec.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var adjustments = new List<ParameterAdjustment>();
        foreach (var adjustment in signal.Adjustments ?? [])
        {
            if (adjustment is null || !declared.Contains(adjustment.Name) || adjustment.Direction == 0
                || !double.IsFinite(adjustment.Magnitude) || adjustment.Magnitude <= 0
                || adjustments.Exists(a => a.Name == adjustment.Name))
            {
                continue;
            }

            adjustments.Add(new ParameterAdjustment(adjustment.Name, Math.Sign(adjustment.Direction), Math.Min(1, adjustment.Magnitude)));
        }

        var verdict = Enum.IsDefined(signal.Verdict) ? signal.Verdict : FeedbackVerdict.Other;
        var rationale = signal.Rationale ?? string.Empty;
        return signal with
        {
            Verdict = verdict,
            Issue = signal.Issue is { Length: > 64 } issue ? issue[..64] : signal.Issue,
            Adjustments = verdict is FeedbackVerdict.Correct or FeedbackVerdict.Other ? [] : adjustments,
            Confidence = double.IsFinite(signal.Confidence) ? Math.Clamp(signal.Confidence, 0, 1) : 0,
            Rationale = rationale.Length > MaxRationaleChars ? rationale[..MaxRationaleChars] : rationale,
            Translator = string.IsNullOrWhiteSpace(signal.Translator) ? translator : signal.Translator,
        };
    }
}
