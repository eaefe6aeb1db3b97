namespace Poet;

/// <summary>
/// Where moving a parameter stops helping: for a threshold the recorded score crossed (or failed to cross), the
/// value just past that score. The trainer never moves the parameter beyond it, and not at all once a later
/// version already did.
/// </summary>
/// <param name="Name">The parameter.</param>
/// <param name="Target">The value that would have flipped this execution's decision.</param>
/// <param name="Because">For the rationale, for example <c>Score = 3.4</c>.</param>
internal sealed record TrainingHint(string Name, double Target, string Because);
