using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Poet.AspNetCore.Dashboard;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>GET /poet/functions/{id}/executions</c>: a function's recent executions in this process, newest first.</summary>
internal static class RecentExecutionEndpoints
{
    private const int DefaultLimit = 50;

    private static readonly string[] Outcomes = ["success", "rejected", "failed", "timedOut", "cancelled", "enforcementFailed"];

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/functions/{functionId}/executions", List)
            .WithName("PoetListRecentExecutions")
            .WithSummary("Lists the recent executions of one POET function")
            .WithDescription(
                $"Newest first, at most 'limit' (default {DefaultLimit}, at most {FunctionActivity.RecentCapacity}) of the last " +
                $"{FunctionActivity.RecentCapacity} calls this process made; 'outcome' keeps one outcome (success, rejected, failed, " +
                "timedOut, cancelled, enforcementFailed). GET /poet/executions/{id} shows one with its arguments and result.")
            .Produces<RecentExecutionResponse[]>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(PoetAccess.Read);

    private static IResult List(string functionId, string? outcome, string? limit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryLimit.TryRead(limit, DefaultLimit, FunctionActivity.RecentCapacity, out var count, out var limitError))
        {
            errors["limit"] = [limitError];
        }

        if (outcome is not null && !Outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            errors["outcome"] = [$"Must be one of {string.Join(", ", Outcomes)}; got '{JsonFields.Quote(outcome)}'."];
        }

        if (errors.Count > 0)
        {
            return PoetProblems.Invalid(errors);
        }

        if (!FunctionLookup.TryFind(functionId, http, out var info, out var problem))
        {
            return problem;
        }

        var observer = http.RequestServices.GetRequiredService<ExecutionObserver>();
        if (!observer.IsObserving)
        {
            return PoetProblems.NotFound("Executions are not watched",
                "This server does not watch its executions because the dashboard is turned off " +
                $"('{PoetEndpointOptions.SectionName}:EnableDashboard' is false). Turn it on to list recent executions; " +
                "GET /poet/executions/{id} still finds any execution in the store.");
        }

        var recent = observer.Find(info.FunctionId)?.Recent(outcome, count) ?? [];
        return EndpointConventions.Json(recent.Select(e => e.ToResponse()).ToArray());
    }
}
