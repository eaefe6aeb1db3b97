namespace Poet.AspNetCore.Endpoints;

/// <summary>What a function id in a URL may look like, checked before any store is asked.</summary>
internal static class FunctionIdRules
{
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="functionId"/> cannot be a function id, or null when it can.</summary>
    /// <param name="functionId">The id from the route.</param>
    /// <returns>An error message, or null.</returns>
    public static string? Problem(string functionId)
    {
        if (string.IsNullOrWhiteSpace(functionId))
        {
            return "The function id is empty; use an id from GET /poet/functions, for example IDriftDetector.Detect.";
        }

        if (functionId.Length > MaxLength)
        {
            return $"The function id is {functionId.Length} characters long; function ids have at most {MaxLength}. Use an id from GET /poet/functions.";
        }

        if (functionId is "." or ".." || functionId.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            return $"'{JsonFields.Quote(functionId)}' is not a function id: ids contain no control characters, '/' or '\\'. Use an id from GET /poet/functions.";
        }

        return null;
    }
}
