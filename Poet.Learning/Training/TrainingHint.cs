namespace Poet;

/// <summary>
/// Where moving a parameter stops helping: for a threshold the recorded score crossed (or failed to cross), the value
/// just past that score; for a persistence, one past the recorded run. The trainer never moves the parameter beyond it,
/// and not at all once a later version already did. An <paramref name="Exact"/> hint is the credited least-cost change:
/// the trainer moves all the way to it (within the parameter's largest step).
/// </summary>
/// <param name="Name">The parameter.</param>
/// <param name="Target">The value that would have flipped this execution's decision.</param>
/// <param name="Because">For the rationale, for example <c>Score = 3.4</c>.</param>
/// <param name="Exact">Move to <paramref name="Target"/> rather than an Rprop step towards it.</param>
internal sealed record TrainingHint(string Name, double Target, string Because, bool Exact = false);
