namespace Poet.AspNetCore.Dashboard;

/// <summary>One POET execution seen in this process: what the dashboard lists without reading the store.</summary>
/// <param name="Id">The execution id.</param>
/// <param name="FunctionId">The function id.</param>
/// <param name="Version">The function version the call ran with.</param>
/// <param name="StartedAt">When the call started (UTC).</param>
/// <param name="DurationMs">Duration of the whole call, in milliseconds.</param>
/// <param name="Outcome">The outcome tag, for example <c>success</c> or <c>timedOut</c>.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="ErrorType">The exception type when the call failed.</param>
internal sealed record ObservedExecution(
    string Id, string FunctionId, int Version, DateTimeOffset StartedAt, double DurationMs, string Outcome, int Attempts, string? ErrorType)
{
    /// <summary>The outcome tag of a successful call.</summary>
    public const string SuccessOutcome = "success";

    /// <summary>Whether the call did not succeed.</summary>
    public bool IsError => !string.Equals(Outcome, SuccessOutcome, StringComparison.Ordinal);
}
