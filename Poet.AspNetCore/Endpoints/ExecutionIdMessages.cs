namespace Poet.AspNetCore.Endpoints;

/// <summary>What to say about text that is not an execution id.</summary>
internal static class ExecutionIdMessages
{
    public static string Invalid(string? text) =>
        $"'{JsonFields.Quote(text)}' is not an execution id: expected {ExecutionId.Length} characters of Crockford base32 " +
        "(0-9 and A-Z without I, L, O, U), as returned by the POET call (for example in the X-Poet-Execution-Id header).";
}
