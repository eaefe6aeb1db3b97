namespace Poet;

/// <summary>The built-in <c>generic</c> domain, used by functions without a <see cref="PoetAttribute.Domain"/>.</summary>
public static class GenericDomain
{
    /// <summary>The template's name.</summary>
    public const string Name = "generic";

    /// <summary>The template.</summary>
    public static DomainTemplate Template { get; } = new()
    {
        Name = Name,
        Description = "Any function: feedback says whether a result was right, too eager, too timid, too slow or unreliable.",
        Objective = "user satisfaction (ratings and verdicts)",
        Vocabulary = new Dictionary<FeedbackVerdict, IReadOnlyList<string>>
        {
            [FeedbackVerdict.FalsePositive] = ["false positive", "too aggressive", "too strict", "too eager", "too much", "overreacted"],
            [FeedbackVerdict.FalseNegative] = ["false negative", "missed", "too lenient", "too little", "not enough"],
            [FeedbackVerdict.Correct] = ["correct", "right", "good", "great", "thanks", "perfect"],
            [FeedbackVerdict.TooSlow] = ["slow", "took too long", "latency", "timed out"],
            [FeedbackVerdict.Unreliable] = ["crashed", "error", "flaky", "unreliable", "failed", "wrong answer"],
        },
        Phrases =
        [
            new("false positive", FeedbackCue.FalsePositive, 2.5),
            new("false alarm", FeedbackCue.FalsePositive, 2.5),
            new("too aggressive", FeedbackCue.FalsePositive, 2.5),
            new("too strict", FeedbackCue.FalsePositive, 2),
            new("too eager", FeedbackCue.FalsePositive, 2),
            new("too much", FeedbackCue.FalsePositive, 1.2),
            new("overreacted", FeedbackCue.FalsePositive, 2),
            new("should not have flagged", FeedbackCue.FalsePositive, 3),
            new("false negative", FeedbackCue.FalseNegative, 2.5),
            new("missed", FeedbackCue.FalseNegative, 2),
            new("too lenient", FeedbackCue.FalseNegative, 2),
            new("too little", FeedbackCue.FalseNegative, 1.2),
            new("not enough", FeedbackCue.FalseNegative, 1.2),
            new("should have flagged", FeedbackCue.FalseNegative, 3),
            new("should have caught", FeedbackCue.FalseNegative, 3),
            new("wrong answer", FeedbackCue.Complaint, 2),
            new("took too long", FeedbackCue.TooSlow, 2.5),
            new("too slow", FeedbackCue.TooSlow, 2.5),
            new("timed out", FeedbackCue.TooSlow, 2),
            new("crashed", FeedbackCue.Unreliable, 2),
            new("flaky", FeedbackCue.Unreliable, 2),
        ],
        DirectionRules =
        [
            new(FeedbackVerdict.FalsePositive, "threshold", +1),
            new(FeedbackVerdict.FalsePositive, "tolerance", +1),
            new(FeedbackVerdict.FalsePositive, "sensitivity", -1),
            new(FeedbackVerdict.FalseNegative, "threshold", -1),
            new(FeedbackVerdict.FalseNegative, "tolerance", -1),
            new(FeedbackVerdict.FalseNegative, "sensitivity", +1),
            new(FeedbackVerdict.TooSlow, "timeout", -1),
            new(FeedbackVerdict.TooSlow, "window", -1),
            new(FeedbackVerdict.Unreliable, "retries", +1),
        ],
    };
}
