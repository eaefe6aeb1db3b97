namespace Poet.Translation.Offline;

/// <summary>
/// Everyday language every domain shares: praise, complaints, negators, intensifiers, hedges. Domain templates add
/// their own phrases on top (<see cref="DomainTemplate.Phrases"/>, <see cref="DomainTemplate.Vocabulary"/>).
/// </summary>
internal static class CoreLexicon
{
    public static IReadOnlyList<FeedbackPhrase> Phrases { get; } =
    [
        new("correct", FeedbackCue.Correct, 2),
        new("accurate", FeedbackCue.Correct, 2),
        new("exactly right", FeedbackCue.Correct, 2.5),
        new("that is right", FeedbackCue.Correct, 1.5),
        new("was right", FeedbackCue.Correct, 1.5),
        new("right", FeedbackCue.Correct, 0.4),
        new("thanks", FeedbackCue.Correct, 1),
        new("thank you", FeedbackCue.Correct, 1.2),
        new("great", FeedbackCue.Correct, 1),
        new("good", FeedbackCue.Correct, 0.9),
        new("nice", FeedbackCue.Correct, 0.9),
        new("perfect", FeedbackCue.Correct, 1.5),
        new("excellent", FeedbackCue.Correct, 1.5),
        new("awesome", FeedbackCue.Correct, 1.5),
        new("amazing", FeedbackCue.Correct, 1.5),
        new("love it", FeedbackCue.Correct, 1.5),
        new("love", FeedbackCue.Correct, 1),
        new("well done", FeedbackCue.Correct, 2),
        new("good job", FeedbackCue.Correct, 2),
        new("great job", FeedbackCue.Correct, 2),
        new("well played", FeedbackCue.Correct, 1.5),
        new("looks good", FeedbackCue.Correct, 1.5),
        new("lgtm", FeedbackCue.Correct, 2),
        new("works", FeedbackCue.Correct, 1),
        new("works great", FeedbackCue.Correct, 2),
        new("useful", FeedbackCue.Correct, 1.5),
        new("helpful", FeedbackCue.Correct, 1.5),
        new("valid", FeedbackCue.Correct, 1.2),
        new("agree", FeedbackCue.Correct, 1),
        new("thumbsup", FeedbackCue.Correct, 1.5),
        new("thumbs up", FeedbackCue.Correct, 1.5),
        new("okay", FeedbackCue.Correct, 0.5),
        new("fine", FeedbackCue.Correct, 0.5),
        new("yes", FeedbackCue.Correct, 0.5),
        new("yep", FeedbackCue.Correct, 0.5),
        new("exactly", FeedbackCue.Correct, 0.8),
        new("keep it up", FeedbackCue.Correct, 1.5),

        new("wrong", FeedbackCue.Complaint, 2),
        new("incorrect", FeedbackCue.Complaint, 2),
        new("inaccurate", FeedbackCue.Complaint, 2),
        new("mistake", FeedbackCue.Complaint, 1.8),
        new("bad", FeedbackCue.Complaint, 1.2),
        new("poor", FeedbackCue.Complaint, 1.2),
        new("terrible", FeedbackCue.Complaint, 1.8),
        new("awful", FeedbackCue.Complaint, 1.8),
        new("horrible", FeedbackCue.Complaint, 1.8),
        new("useless", FeedbackCue.Complaint, 1.8),
        new("garbage", FeedbackCue.Complaint, 1.8),
        new("rubbish", FeedbackCue.Complaint, 1.8),
        new("nonsense", FeedbackCue.Complaint, 1.5),
        new("junk", FeedbackCue.Complaint, 1.5),
        new("bullshit", FeedbackCue.Complaint, 1.5),
        new("wtf", FeedbackCue.Complaint, 1.5),
        new("smh", FeedbackCue.Complaint, 1),
        new("meh", FeedbackCue.Complaint, 0.8),
        new("disappointed", FeedbackCue.Complaint, 1.5),
        new("disappointing", FeedbackCue.Complaint, 1.5),
        new("thanks for nothing", FeedbackCue.Complaint, 2.5),
        new("thumbsdown", FeedbackCue.Complaint, 1.5),
        new("thumbs down", FeedbackCue.Complaint, 1.5),
        new("angry", FeedbackCue.Complaint, 1),
        new("facepalm", FeedbackCue.Complaint, 1.2),
        new("annoying", FeedbackCue.Complaint, 1.2),
        new("not what i expected", FeedbackCue.Complaint, 1.5),
        new("nope", FeedbackCue.Complaint, 0.5),
        new("off", FeedbackCue.Complaint, 0.3),

        new("slow", FeedbackCue.TooSlow, 1.5),
        new("took too long", FeedbackCue.TooSlow, 2.5),
        new("latency", FeedbackCue.TooSlow, 1.2),
        new("timed out", FeedbackCue.TooSlow, 2),

        new("crashed", FeedbackCue.Unreliable, 2),
        new("error", FeedbackCue.Unreliable, 1),
        new("flaky", FeedbackCue.Unreliable, 2),
        new("unreliable", FeedbackCue.Unreliable, 2),
        new("failed", FeedbackCue.Unreliable, 1.2),
    ];

    /// <summary>Words that negate what follows within a few words ("not", "never", "no").</summary>
    public static HashSet<string> Negators { get; } = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "nothing", "none", "neither", "nor", "without", "hardly", "barely", "non", "nobody", "lack",
    };

    /// <summary>Words that strengthen what follows.</summary>
    public static HashSet<string> Intensifiers { get; } = new(StringComparer.Ordinal)
    {
        "very", "really", "totally", "completely", "absolutely", "so", "super", "extremely", "clearly", "definitely",
        "obviously", "another", "again", "constantly", "always", "utterly", "entirely", "seriously", "100", "way",
        "such", "pure", "blatant", "total", "yet",
    };

    /// <summary>Words that weaken what follows.</summary>
    public static HashSet<string> Diminishers { get; } = new(StringComparer.Ordinal)
    {
        "slightly", "bit", "little", "somewhat", "kinda", "kind", "sort", "sorta", "mildly", "partly", "marginally",
    };

    /// <summary>Words that make the whole clause less certain.</summary>
    public static HashSet<string> Hedges { get; } = new(StringComparer.Ordinal)
    {
        "maybe", "perhaps", "probably", "might", "possibly", "guess", "think", "thought", "seems", "seem", "sure",
        "unsure", "wonder", "could", "suspect", "likely", "assume",
    };

    /// <summary>Auxiliaries that open a yes/no question ("is this ...?", "didn't it ...?").</summary>
    public static HashSet<string> Auxiliaries { get; } = new(StringComparer.Ordinal)
    {
        "is", "was", "are", "were", "do", "does", "did", "should", "could", "would", "can", "will", "has", "have", "had", "must",
    };
}
