using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Poet.AspNetCore.Dashboard;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>GET /poet/stats</c> and <c>GET /poet/functions/{id}/stats</c>: how each function runs and learns.</summary>
internal static class StatsEndpoints
{
    private const string Description =
        "Current version and learned values; calls, errors and p50/p99 duration over the last hour as seen by this process " +
        "(since observedSince; other processes sharing the store are not counted); feedback count and the latest feedback time.";

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/stats", (Func<HttpContext, Task<IResult>>)ListAsync)
            .WithName("PoetListFunctionStats")
            .WithSummary("Shows how every POET function runs and learns")
            .WithDescription(Description)
            .Produces<FunctionStatsResponse[]>()
            .RequireApiKey(PoetAccess.Read);

        group.MapGet("/functions/{functionId}/stats", GetAsync)
            .WithName("PoetGetFunctionStats")
            .WithSummary("Shows how one POET function runs and learns")
            .WithDescription(Description)
            .Produces<FunctionStatsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(PoetAccess.Read);
    }

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        if (!PoetServiceLookup.TryResolve<IPoetFunctions>(http, out var functions, out var problem))
        {
            return problem;
        }

        var observer = http.RequestServices.GetRequiredService<ExecutionObserver>();
        var feedback = http.RequestServices.GetService<IFeedbackStore>();
        var stats = new List<FunctionStatsResponse>();
        foreach (var info in functions.List())
        {
            stats.Add(info.ToStats(observer, await FeedbackAsync(feedback, info.FunctionId, http.RequestAborted).ConfigureAwait(false)));
        }

        return EndpointConventions.Json(stats);
    }

    private static async Task<IResult> GetAsync(string functionId, HttpContext http)
    {
        if (!FunctionLookup.TryFind(functionId, http, out var info, out var problem))
        {
            return problem;
        }

        var observer = http.RequestServices.GetRequiredService<ExecutionObserver>();
        var feedback = await FeedbackAsync(http.RequestServices.GetService<IFeedbackStore>(), info.FunctionId, http.RequestAborted).ConfigureAwait(false);
        return EndpointConventions.Json(info.ToStats(observer, feedback));
    }

    private static async Task<IReadOnlyList<FeedbackRecord>> FeedbackAsync(IFeedbackStore? store, string functionId, CancellationToken cancellationToken) =>
        store is null ? [] : await store.ListAsync(functionId, cancellationToken).ConfigureAwait(false);
}
