using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Poet.Remote;

/// <summary>The function endpoints of the service: register a plan, the current version (ETag), list, get, rollback.</summary>
internal static class FunctionHandlers
{
    private const int MaxFunctionIdLength = 256;

    /// <summary>The most learnable parameters a registration may declare (a method has far fewer parameters).</summary>
    internal const int MaxLearnables = 256;

    /// <summary>The most Perceive or Enforce rules a registration may declare, of each kind.</summary>
    internal const int MaxRules = 1024;

    /// <summary><c>POST /poet/service/functions</c>: writes v1 when the function is new; answers the current version.</summary>
    public static async Task<IResult> RegisterAsync(HttpContext context, PoetServiceEndpointOptions options)
    {
        var catalog = context.RequestServices.GetService<IFunctionCatalog>();
        if (catalog is null)
        {
            return ServiceProblems.Missing(nameof(IFunctionCatalog));
        }

        var (plan, problem) = await ServiceRequestReader.ReadAsync<FunctionPlan>(context, options.MaxRequestBytes, "function plan").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var invalid = Validate(plan!);
        if (invalid is not null)
        {
            return ServiceProblems.BadRequest(invalid);
        }

        FunctionVersion version;
        try
        {
            version = catalog.Register(plan!);
        }
        catch (ArgumentException ex)
        {
            return ServiceProblems.BadRequest($"The function plan of {plan!.FunctionId} cannot be registered: {ex.Message}");
        }

        return VersionResult(context, version);
    }

    /// <summary><c>GET /poet/service/functions/{id}/current</c>: the current version, or 304 while the client's ETag matches.</summary>
    public static IResult Current(HttpContext context, string functionId)
    {
        var catalog = context.RequestServices.GetService<IFunctionCatalog>();
        if (catalog is null)
        {
            return ServiceProblems.Missing(nameof(IFunctionCatalog));
        }

        if (InvalidId(functionId) is { } invalid)
        {
            return ServiceProblems.BadRequest(invalid);
        }

        FunctionVersion version;
        try
        {
            version = catalog.GetCurrent(functionId);
        }
        catch (KeyNotFoundException ex)
        {
            return ServiceProblems.NotFound(ex.Message);
        }

        var etag = VersionETag.Of(version);
        if (VersionETag.Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            context.Response.Headers.ETag = etag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return VersionResult(context, version);
    }

    /// <summary><c>GET /poet/service/functions</c>: every function with its current version and parameters.</summary>
    public static IResult List(HttpContext context)
    {
        var functions = context.RequestServices.GetService<IPoetFunctions>();
        return functions is null ? ServiceProblems.Missing(nameof(IPoetFunctions)) : Results.Json(functions.List(), RemoteJson.Options);
    }

    /// <summary><c>GET /poet/service/functions/{id}</c>: one function.</summary>
    public static IResult Get(HttpContext context, string functionId)
    {
        var functions = context.RequestServices.GetService<IPoetFunctions>();
        if (functions is null)
        {
            return ServiceProblems.Missing(nameof(IPoetFunctions));
        }

        if (InvalidId(functionId) is { } invalid)
        {
            return ServiceProblems.BadRequest(invalid);
        }

        try
        {
            return Results.Json(functions.Get(functionId), RemoteJson.Options);
        }
        catch (KeyNotFoundException ex)
        {
            return ServiceProblems.NotFound(ex.Message);
        }
    }

    /// <summary><c>POST /poet/service/functions/{id}/rollback</c> with <c>{ "version": n }</c>.</summary>
    public static async Task<IResult> RollbackAsync(HttpContext context, string functionId, PoetServiceEndpointOptions options)
    {
        var functions = context.RequestServices.GetService<IPoetFunctions>();
        if (functions is null)
        {
            return ServiceProblems.Missing(nameof(IPoetFunctions));
        }

        if (InvalidId(functionId) is { } invalid)
        {
            return ServiceProblems.BadRequest(invalid);
        }

        var (body, problem) = await ServiceRequestReader.ReadAsync<RollbackBody>(context, 4096, "rollback request ({ \"version\": n })").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Version < 1)
        {
            return ServiceProblems.BadRequest($"Send the version to restore as a positive number, e.g. {{ \"version\": 2 }} (got {body.Version}).");
        }

        try
        {
            await functions.RollbackAsync(functionId, body.Version, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }
        catch (KeyNotFoundException ex)
        {
            return ServiceProblems.NotFound(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return ServiceProblems.BadRequest(ex.Message);
        }
    }

    private static IResult VersionResult(HttpContext context, FunctionVersion version)
    {
        context.Response.Headers.ETag = VersionETag.Of(version);
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        return Results.Json(version, RemoteJson.Options);
    }

    private static string? InvalidId(string functionId) =>
        string.IsNullOrWhiteSpace(functionId) || functionId.Length > MaxFunctionIdLength || functionId.Any(char.IsControl)
            ? $"'{(functionId.Length > 40 ? functionId[..40] + "..." : functionId)}' is not a function id: use 1-{MaxFunctionIdLength} printable characters, e.g. IDriftDetector.Detect."
            : null;

    private static string? Validate(FunctionPlan plan)
    {
        if (InvalidId(plan.FunctionId) is { } invalid)
        {
            return invalid;
        }

        if (plan.Learnable is null || plan.PerceiveRules is null || plan.EnforceRules is null)
        {
            return $"The plan of {plan.FunctionId} has null where a list belongs: send learnable, perceiveRules and enforceRules as JSON arrays (or leave them out).";
        }

        if (plan.Learnable.Count > MaxLearnables || plan.PerceiveRules.Count > MaxRules || plan.EnforceRules.Count > MaxRules)
        {
            return $"The plan of {plan.FunctionId} declares {plan.Learnable.Count} learnable parameters, {plan.PerceiveRules.Count} Perceive and " +
                $"{plan.EnforceRules.Count} Enforce rules; a registration may declare at most {MaxLearnables} learnable parameters and {MaxRules} rules of each kind.";
        }

        foreach (var p in plan.Learnable)
        {
            if (string.IsNullOrWhiteSpace(p.Name) || !(p.Min < p.Max) || !double.IsFinite(p.Min) || !double.IsFinite(p.Max)
                || p.Default < p.Min || p.Default > p.Max || !(p.Step > 0) || !(p.MaxStep > 0))
            {
                return $"Learnable parameter '{p.Name}' of {plan.FunctionId} needs finite Min < Max, a default inside them and positive steps.";
            }
        }

        return null;
    }

    private sealed record RollbackBody(int Version);
}
