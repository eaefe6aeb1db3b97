namespace Poet;

/// <summary>What a piece of feedback says about a result.</summary>
public enum FeedbackVerdict
{
    /// <summary>No usable judgement (irrelevant text, an empty payload): nothing is learned.</summary>
    Other,

    /// <summary>The result was right: praise, a high rating, "correct".</summary>
    Correct,

    /// <summary>The function fired or flagged when it should not have (false alarm).</summary>
    FalsePositive,

    /// <summary>The function stayed silent when it should have fired (missed event).</summary>
    FalseNegative,

    /// <summary>The result came too late.</summary>
    TooSlow,

    /// <summary>The function failed or behaved erratically.</summary>
    Unreliable,
}
