using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>GET /poet/functions/{id}/learnables</c>: each learnable parameter with its bounds and current value.</summary>
internal static class LearnableEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/functions/{functionId}/learnables", List)
            .WithName("PoetListLearnables")
            .WithSummary("Lists the learnable parameters of one POET function")
            .WithDescription("Every [Learnable] parameter of the current version's train spec: bounds, default, step and current value.")
            .Produces<LearnableParameterResponse[]>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(PoetAccess.Read);

    private static IResult List(string functionId, HttpContext http)
    {
        if (!FunctionLookup.TryFind(functionId, http, out var info, out var problem))
        {
            return problem;
        }

        if (!PoetServiceLookup.TryResolve<IFunctionStore>(http, out var store, out problem))
        {
            return problem;
        }

        var spec = store.GetTrainSpec(info.FunctionId, info.CurrentVersion);
        return EndpointConventions.Json((spec?.Parameters ?? []).OrderBy(p => p.Position).Select(p => p.ToResponse(info)).ToArray());
    }
}
