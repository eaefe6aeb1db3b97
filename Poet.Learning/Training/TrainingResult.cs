namespace Poet;

/// <summary>What the trainer did with one signal.</summary>
/// <param name="Version">The version written, or null when nothing changed.</param>
/// <param name="Changes">The parameter changes in <paramref name="Version"/>.</param>
/// <param name="Note">Why nothing was written, when nothing was.</param>
internal sealed record TrainingResult(FunctionVersion? Version, IReadOnlyList<ParameterChange> Changes, string? Note)
{
    /// <summary>Nothing written.</summary>
    /// <param name="note">Why.</param>
    /// <returns>The result.</returns>
    public static TrainingResult Unchanged(string note) => new(null, [], note);
}
