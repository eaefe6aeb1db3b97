namespace Poet;

/// <summary>
/// What a feedback phrase says, before the execution is taken into account. Some cues are direct verdicts
/// (<see cref="FalsePositive"/>); others only become a verdict once POET knows whether the function fired
/// (<see cref="Complaint"/>, <see cref="RealEvent"/>, <see cref="NonEvent"/>).
/// </summary>
public enum FeedbackCue
{
    /// <summary>The function fired when it should not have ("false alarm", "paged for nothing").</summary>
    FalsePositive,

    /// <summary>The function stayed silent when it should have fired ("missed it", "didn't fire").</summary>
    FalseNegative,

    /// <summary>The result was right ("good catch", "spot on").</summary>
    Correct,

    /// <summary>
    /// The result was wrong, without saying how ("wrong", "useless"): a false positive when the function fired,
    /// a false negative when it stayed silent.
    /// </summary>
    Complaint,

    /// <summary>
    /// Something real happened ("that was a real incident", "not just noise"): correct when the function fired,
    /// a false negative when it stayed silent.
    /// </summary>
    RealEvent,

    /// <summary>
    /// Nothing real happened ("seasonal dip", "just noise", "expected after the deploy"): a false positive when
    /// the function fired, correct when it stayed silent.
    /// </summary>
    NonEvent,

    /// <summary>The result came too late.</summary>
    TooSlow,

    /// <summary>The function failed or behaved erratically.</summary>
    Unreliable,
}
