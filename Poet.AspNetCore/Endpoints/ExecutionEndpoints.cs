using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>GET /poet/executions/{id}</c>: one recorded execution, sensitive values redacted.</summary>
internal static class ExecutionEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/executions/{executionId}", GetAsync)
            .WithName("PoetGetExecution")
            .WithSummary("Shows one recorded execution")
            .WithDescription("Arguments, learned parameters, result, outcome and timing of one POET call. [Sensitive] arguments are redacted.")
            .Produces<ExecutionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(PoetAccess.Read);

    private static async Task<IResult> GetAsync(string executionId, HttpContext http)
    {
        if (!ExecutionId.TryParse(executionId, out var id))
        {
            return PoetProblems.Invalid("executionId", ExecutionIdMessages.Invalid(executionId));
        }

        if (!PoetServiceLookup.TryResolve<IExecutionStore>(http, out var store, out var problem))
        {
            return problem;
        }

        var record = await store.FindAsync(id, http.RequestAborted).ConfigureAwait(false);
        return record is null
            ? PoetProblems.NotFound("Unknown execution",
                $"No execution '{id}' is recorded in this store. Check the id; executions older than the retention " +
                "(PoetOptions.ExecutionRetention) are deleted, and another service's executions live in its own store.")
            : EndpointConventions.Json(record.ToResponse());
    }
}
