namespace Poet.Interception;

/// <summary>What an <see cref="ExecutionObservers"/> observer learns about one finished execution.</summary>
/// <param name="FunctionId">The function id.</param>
/// <param name="Id">The execution id.</param>
/// <param name="Version">The function version the call used.</param>
/// <param name="StartedAt">When the call started (UTC).</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Attempts">How many attempts it made.</param>
/// <param name="Error">Its failure, if any.</param>
internal readonly record struct FinishedExecution(
    string FunctionId, ExecutionId Id, int Version, DateTimeOffset StartedAt, double DurationMs, ExecutionOutcome Outcome, int Attempts, Exception? Error);
