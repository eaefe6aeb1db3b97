using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Poet.AspNetCore.Endpoints;
using Poet.AspNetCore.Security;

namespace Poet;

/// <summary>Maps POET's HTTP API on an ASP.NET Core application.</summary>
public static class PoetEndpointRouteBuilderExtensions
{
    /// <summary>The default route prefix of the POET endpoints.</summary>
    public const string DefaultPrefix = "/poet";

    /// <summary>
    /// Maps the POET HTTP API under <paramref name="prefix"/> (default <c>/poet</c>):
    /// <list type="bullet">
    /// <item><c>GET /poet/functions</c>: every function with its current version and learned parameters;</item>
    /// <item><c>GET /poet/functions/{id}</c>: one function with every version, its values and why it was written;</item>
    /// <item><c>POST /poet/functions/{id}/rollback</c> with <c>{ "version": n }</c>: makes version n current again;</item>
    /// <item><c>POST /poet/feedback</c> with <c>{ "executionId": "...", "feedback": &lt;any JSON&gt; }</c>: the feedback outcome;</item>
    /// <item><c>GET /poet/executions/{id}</c>: one recorded execution, sensitive values redacted;</item>
    /// <item><c>GET /poet/health</c>: whether POET's stores answer (open to probes; details with the key).</item>
    /// </list>
    /// Writes always need the API key (<see cref="PoetEndpointOptions"/>); reads need it unless opened. Errors are
    /// RFC 7807 problem details. Call <c>builder.Services.AddPoetEndpoints()</c> first, and register POET in the
    /// container with <c>AddPoet</c>.
    /// </summary>
    /// <param name="endpoints">The application (or any endpoint route builder).</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group, to add conventions such as rate limiting or CORS.</returns>
    /// <exception cref="InvalidOperationException"><c>AddPoetEndpoints</c> was not called.</exception>
    public static RouteGroupBuilder MapPoetEndpoints(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (endpoints.ServiceProvider.GetService<PoetEndpointsMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapPoetEndpoints needs its services: call builder.Services.AddPoetEndpoints() before builder.Build().");
        }

        var group = endpoints.MapGroup(prefix)
            .WithTags("POET")
            .AddEndpointFilter<PoetErrorFilter>()
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        FunctionEndpoints.Map(group);
        FeedbackEndpoints.Map(group);
        FeedbackBatchEndpoints.Map(group);
        ExecutionEndpoints.Map(group);
        HealthEndpoints.Map(group);
        return group;
    }
}
