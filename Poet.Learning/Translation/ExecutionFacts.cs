namespace Poet.Translation;

/// <summary>What POET can tell about an execution's result without knowing its type.</summary>
/// <param name="Fired">Whether the function fired (raised an alert, flagged, detected); null when the result does not say.</param>
/// <param name="FiredEvidence">The member that decided <paramref name="Fired"/>, for rationales (for example <c>IsDrift = true</c>).</param>
/// <param name="Score">The score the function compared with its threshold, if the result carries one.</param>
/// <param name="ScoreName">The member holding <paramref name="Score"/>.</param>
/// <param name="RunLength">The run length the function compared with a persistence-like parameter, if the result carries one.</param>
/// <param name="RunName">The member holding <paramref name="RunLength"/>.</param>
/// <param name="Gap">The gap the function compared with a cooldown-like parameter (it fired exactly when the parameter was below it), if the result carries one.</param>
/// <param name="GapName">The member holding <paramref name="Gap"/>.</param>
internal sealed record ExecutionFacts(bool? Fired, string? FiredEvidence, double? Score, string? ScoreName, double? RunLength = null, string? RunName = null,
    double? Gap = null, string? GapName = null)
{
    /// <summary>Nothing known.</summary>
    public static ExecutionFacts Unknown { get; } = new(null, null, null, null);
}
