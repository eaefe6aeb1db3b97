namespace DriftDetection.Operator;

/// <summary>The varied words of the simulated operator; <c>{0}</c> is when it happened.</summary>
public static class OperatorPhrases
{
    /// <summary>Complaints about an alert outside every labelled window.</summary>
    public static IReadOnlyList<string> FalseAlarm { get; } =
    [
        "False alarm at {0}, that dip was seasonal.",
        "Paged for nothing again ({0}). Nothing was wrong.",
        "The alert at {0} was just noise, please stop waking me up for this.",
        "{0}: not an anomaly, that's the normal daily pattern.",
        "Another false positive around {0}. Too sensitive.",
        "Ignore this kind of wiggle ({0}), it is expected traffic.",
        "Alert at {0} was pointless, the system was fine.",
        "Got paged at {0} and everything looked normal. Tone it down.",
    ];

    /// <summary>Complaints about a labelled window without any alert.</summary>
    public static IReadOnlyList<string> Missed { get; } =
    [
        "You missed this one: the incident starting {0} never fired an alert.",
        "Nothing fired at {0} and we had a real outage. This should have alerted.",
        "Missed anomaly around {0}; customers noticed before we did.",
        "Why no alert at {0}? That was a genuine incident and you slept through it.",
        "The failure at {0} went unflagged. You didn't catch it.",
        "Real problem at {0}, no alert at all. Missed again.",
    ];

    /// <summary>Praise for a labelled window that alerted.</summary>
    public static IReadOnlyList<string> Praise { get; } =
    [
        "Good catch at {0}, that was a real incident.",
        "Nice, the alert at {0} was spot on.",
        "Correct alert at {0}, thanks. Exactly what we needed.",
        "Well done: {0} was a genuine anomaly and you flagged it.",
    ];

    /// <summary>Praise for a stream that was quiet and stayed quiet.</summary>
    public static IReadOnlyList<string> Quiet { get; } =
    [
        "All quiet since {0} and nothing was wrong. Perfect, thanks.",
        "Quiet since {0}, and rightly so. Good.",
    ];
}
