using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>GET /poet/functions/{id}/feedback</c>: the feedback a function received, newest first.</summary>
internal static class FunctionFeedbackEndpoints
{
    /// <summary>The largest <c>limit</c>.</summary>
    public const int MaxLimit = 1000;

    private const int DefaultLimit = 100;

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/functions/{functionId}/feedback", ListAsync)
            .WithName("PoetListFunctionFeedback")
            .WithSummary("Lists the feedback on one POET function")
            .WithDescription(
                "Newest first, at most 'limit' (default 100, at most 1000): the payload as sent, the learning signal it was " +
                "translated into (verdict, translator, confidence, rationale), the version it produced and the changes.")
            .Produces<FeedbackEntryResponse[]>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(PoetAccess.Read);

    private static async Task<IResult> ListAsync(string functionId, string? limit, HttpContext http)
    {
        if (!QueryLimit.TryRead(limit, DefaultLimit, MaxLimit, out var count, out var limitError))
        {
            return PoetProblems.Invalid("limit", limitError);
        }

        if (!FunctionLookup.TryFind(functionId, http, out var info, out var problem))
        {
            return problem;
        }

        if (!PoetServiceLookup.TryResolve<IFeedbackStore>(http, out var store, out problem))
        {
            return problem;
        }

        var records = await store.ListAsync(info.FunctionId, http.RequestAborted).ConfigureAwait(false);
        return EndpointConventions.Json(records
            .OrderByDescending(r => r.ReceivedAt)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(r => r.ToEntry())
            .ToArray());
    }
}
