namespace DriftDetection.Scoring;

/// <summary>A NAB application profile (NAB's <c>config/profiles.json</c>): the weights of a detected window, a false positive and a missed window.</summary>
/// <param name="Name">NAB's name for the profile.</param>
/// <param name="TpWeight">The reward of a window detected at its left edge.</param>
/// <param name="FpWeight">The cost of a detection far from every window.</param>
/// <param name="FnWeight">The cost of a window without a detection.</param>
public sealed record NabProfile(string Name, double TpWeight, double FpWeight, double FnWeight)
{
    /// <summary>NAB's standard profile.</summary>
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    /// <summary>NAB's profile that punishes false positives twice as hard.</summary>
    public static NabProfile LowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /// <summary>NAB's profile that punishes missed windows twice as hard.</summary>
    public static NabProfile LowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /// <summary>The three profiles in NAB's scoreboard order.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, LowFalsePositives, LowFalseNegatives];
}
