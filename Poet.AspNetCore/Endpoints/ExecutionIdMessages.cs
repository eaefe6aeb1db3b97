namespace Poet.AspNetCore.Endpoints;

/// <summary>What to say about text that is not an execution id.</summary>
internal static class ExecutionIdMessages
{
    public static string Invalid(string? text) =>
        $"'{JsonFields.Quote(text)}' is not an execution id: expected {ExecutionId.Length} characters of Crockford base32 " +
        "(0-9 and A-Z without I, L, O, U), as returned by the POET call (for example in the X-Poet-Execution-Id header).";

    /// <summary>What to say over HTTP about an id no execution has (no C# advice: the caller is an HTTP client).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The message.</returns>
    public static string Unknown(ExecutionId id) =>
        $"No POET execution with id {id} is recorded here. Send the executionId of a call this app recorded: the X-Poet-Execution-Id " +
        "header or executionId field of that call's response. Executions older than the store's retention are no longer kept.";
}
