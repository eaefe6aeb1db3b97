using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>GET /poet/functions</c>, <c>GET /poet/functions/{id}</c> and <c>POST /poet/functions/{id}/rollback</c>.</summary>
internal static class FunctionEndpoints
{
    private const string RollbackExample = """{ "version": 1 }""";

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/functions", (Func<HttpContext, IResult>)List)
            .WithName("PoetListFunctions")
            .WithSummary("Lists POET functions")
            .WithDescription("Every function known to the store: its id, current version, learned parameters and how many versions exist.")
            .Produces<FunctionSummaryResponse[]>()
            .RequireApiKey(PoetAccess.Read);

        group.MapGet("/functions/{functionId}", Get)
            .WithName("PoetGetFunction")
            .WithSummary("Shows one POET function with its versions")
            .WithDescription("The function's current version and parameters, and every version with its values and why it was written.")
            .Produces<FunctionDetailResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(PoetAccess.Read);

        group.MapPost("/functions/{functionId}/rollback", RollbackAsync)
            .WithName("PoetRollbackFunction")
            .WithSummary("Makes an older version of a POET function current again")
            .WithDescription("The next call runs with that version's learned parameters. The rollback is recorded. Answers with the function after the rollback.")
            .DescribesJsonBody<RollbackRequest>()
            .Produces<FunctionDetailResponse>()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(PoetAccess.Write);
    }

    private static IResult List(HttpContext http)
    {
        if (!PoetServiceLookup.TryResolve<IPoetFunctions>(http, out var functions, out var problem))
        {
            return problem;
        }

        return EndpointConventions.Json(functions.List().Select(f => f.ToSummary()).ToArray());
    }

    private static IResult Get(string functionId, HttpContext http)
    {
        if (FunctionIdRules.Problem(functionId) is { } invalid)
        {
            return PoetProblems.Invalid("functionId", invalid);
        }

        if (!PoetServiceLookup.TryResolve<IPoetFunctions>(http, out var functions, out var problem))
        {
            return problem;
        }

        return TryGet(functions, functionId, out var info, out var notFound)
            ? EndpointConventions.Json(info.ToDetail(http.RequestServices.GetService<IFunctionStore>()))
            : notFound;
    }

    private static async Task<IResult> RollbackAsync(string functionId, HttpContext http)
    {
        if (FunctionIdRules.Problem(functionId) is { } invalid)
        {
            return PoetProblems.Invalid("functionId", invalid);
        }

        var body = await JsonRequestBody.ReadObjectAsync(http, RollbackExample).ConfigureAwait(false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (!TryReadVersion(body.Body!.Value, out var version, out var versionError))
        {
            return PoetProblems.Invalid("version", versionError);
        }

        if (!PoetServiceLookup.TryResolve<IPoetFunctions>(http, out var functions, out var problem))
        {
            return problem;
        }

        if (!TryGet(functions, functionId, out var before, out var notFound))
        {
            return notFound;
        }

        if (!before.Versions.Contains(version))
        {
            return PoetProblems.NotFound("Unknown version",
                $"Function '{functionId}' has no version {version}; its versions are {string.Join(", ", before.Versions)}.");
        }

        try
        {
            await functions.RollbackAsync(functionId, version, http.RequestAborted).ConfigureAwait(false);
        }
        catch (KeyNotFoundException ex)
        {
            return PoetProblems.NotFound("Unknown function or version", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return PoetProblems.Invalid("version", ex.Message);
        }

        PoetEndpointLog.RolledBack(Logger(http), functionId, version);
        return TryGet(functions, functionId, out var after, out notFound)
            ? EndpointConventions.Json(after.ToDetail(http.RequestServices.GetService<IFunctionStore>()))
            : notFound;
    }

    private static bool TryGet(IPoetFunctions functions, string functionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PoetFunctionInfo? info, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? notFound)
    {
        try
        {
            info = functions.Get(functionId);
            notFound = null;
            return true;
        }
        catch (KeyNotFoundException ex)
        {
            info = null;
            notFound = PoetProblems.NotFound("Unknown function",
                $"{ex.Message} List the known functions with GET /poet/functions.");
            return false;
        }
    }

    private static bool TryReadVersion(JsonElement body, out int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        version = 0;
        error = null;
        if (!JsonFields.TryGet(body, "version", out var value))
        {
            error = $"Required: the version to make current again, a whole number from 1, as in {RollbackExample}. GET /poet/functions/{{id}} lists the versions.";
        }
        else if (value.ValueKind != JsonValueKind.Number)
        {
            error = $"Must be a whole number such as 1; got a JSON {JsonFields.KindName(value.ValueKind)}.";
        }
        else if (!value.TryGetInt32(out version))
        {
            error = $"Must be a whole number such as 1; got {JsonFields.Quote(value.GetRawText())}.";
        }
        else if (version < 1)
        {
            error = $"Versions start at 1; got {version.ToString(CultureInfo.InvariantCulture)}.";
        }

        return error is null;
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poet.AspNetCore.Endpoints");
}
