namespace Poet;

/// <summary>
/// A store that can tell what keeps it from working (a stalled writer, an unwritable folder) beyond answering a
/// lookup; <c>/poet/health</c> reports it.
/// </summary>
internal interface IStoreHealth
{
    /// <summary>What keeps the store from working now, or null when it works.</summary>
    /// <returns>A message naming the problem and its effect, or null.</returns>
    string? HealthProblem();
}
