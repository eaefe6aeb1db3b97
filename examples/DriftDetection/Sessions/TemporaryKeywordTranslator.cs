namespace DriftDetection.Sessions;

/// <summary>
/// TEMPORARY (until POET's offline translator is wired): reads an operator message as a direction for the threshold:
/// +1 (alerting too much: raise), -1 (missed something: lower), 0 (praise or unclear: keep).
/// </summary>
internal static class TemporaryKeywordTranslator
{
    private static readonly string[] TooSensitive =
    [
        "false alarm", "false positive", "for nothing", "noise", "noisy", "not an anomaly", "not anomalous", "normal",
        "seasonal", "ignore", "too sensitive", "spam", "woke me", "paged", "nothing wrong", "expected", "pointless",
    ];

    private static readonly string[] Missed =
    [
        "missed", "miss ", "didn't catch", "did not catch", "no alert", "not alerted", "should have", "never fired",
        "silent", "slept", "too late", "nothing fired", "not flagged", "didn't flag", "failed to",
    ];

    /// <summary>The direction the message asks the threshold to move.</summary>
    public static int Direction(string message)
    {
        var text = message.ToLowerInvariant();
        if (Missed.Any(text.Contains))
        {
            return -1;
        }

        return TooSensitive.Any(text.Contains) ? +1 : 0;
    }
}
