namespace Poet;

/// <summary>
/// The catalog's hook for train-map proposals: called once per function per process, right after version 1 exists
/// (<c>EnsureCreated</c>). Implementations return at once and do their work in the background; they never throw.
/// </summary>
internal interface ITrainMapProposer
{
    /// <summary>Starts the proposal for a newly registered function in the background.</summary>
    /// <param name="plan">The function's plan.</param>
    void OnFunctionRegistered(FunctionPlan plan);

    /// <summary>Waits for the background proposals started so far (tests, orderly shutdown).</summary>
    /// <returns>A task that completes when they are done.</returns>
    Task WhenIdleAsync();
}
