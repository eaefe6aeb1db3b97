namespace Poet;

/// <summary>The wire names of <see cref="FeedbackVerdict"/> in prompts and answers: <c>false_positive</c>, ...</summary>
internal static class LlmVerdictNames
{
    private static readonly Dictionary<FeedbackVerdict, string> Names = new()
    {
        [FeedbackVerdict.Other] = "other",
        [FeedbackVerdict.Correct] = "correct",
        [FeedbackVerdict.FalsePositive] = "false_positive",
        [FeedbackVerdict.FalseNegative] = "false_negative",
        [FeedbackVerdict.TooSlow] = "too_slow",
        [FeedbackVerdict.Unreliable] = "unreliable",
    };

    /// <summary>All wire names, in enum order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<FeedbackVerdict>().Select(ToWire)];

    /// <summary>The wire name of a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>For example <c>false_positive</c>.</returns>
    public static string ToWire(FeedbackVerdict verdict) => Names.TryGetValue(verdict, out var name) ? name : "other";

    /// <summary>
    /// Parses a verdict: the wire name or the enum name, case-insensitive, with <c>_</c>, <c>-</c> or spaces between
    /// words. Anything else is rejected.
    /// </summary>
    /// <param name="text">The model's text.</param>
    /// <param name="verdict">The verdict.</param>
    /// <returns>Whether the text names a verdict.</returns>
    public static bool TryParse(string? text, out FeedbackVerdict verdict)
    {
        verdict = FeedbackVerdict.Other;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }

        var compact = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal)
            .Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal);
        foreach (var candidate in Enum.GetValues<FeedbackVerdict>())
        {
            if (string.Equals(compact, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                verdict = candidate;
                return true;
            }
        }

        return false;
    }
}
