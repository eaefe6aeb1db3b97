using Microsoft.AspNetCore.Http;

namespace Poet.AspNetCore.Endpoints;

/// <summary>Finds the function named in a route, or the problem to answer with (400 bad id, 404 unknown, 503 no POET).</summary>
internal static class FunctionLookup
{
    /// <summary>Finds <paramref name="functionId"/>.</summary>
    /// <param name="functionId">The id from the route.</param>
    /// <param name="http">The request's context.</param>
    /// <param name="info">The function, when found.</param>
    /// <param name="problem">The problem, when not.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public static bool TryFind(
        string functionId,
        HttpContext http,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PoetFunctionInfo? info,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
    {
        info = null;
        if (FunctionIdRules.Problem(functionId) is { } invalid)
        {
            problem = PoetProblems.Invalid("functionId", invalid);
            return false;
        }

        if (!PoetServiceLookup.TryResolve<IPoetFunctions>(http, out var functions, out problem))
        {
            return false;
        }

        try
        {
            info = functions.Get(functionId);
            return true;
        }
        catch (KeyNotFoundException ex)
        {
            problem = PoetProblems.NotFound("Unknown function", $"{ex.Message} List the known functions with GET /poet/functions.");
            return false;
        }
    }
}
