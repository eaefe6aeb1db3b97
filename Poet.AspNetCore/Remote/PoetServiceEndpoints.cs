using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Poet.Remote;

namespace Poet;

/// <summary>Maps the endpoints a remote-mode POET client needs, under <c>/poet/service</c>.</summary>
public static class PoetServiceEndpoints
{
    /// <summary>
    /// Maps, secured by an API key: <c>POST /poet/service/functions</c> (register a plan: writes v1 when new, answers
    /// the current version with an ETag), <c>GET /poet/service/functions/{id}/current</c> (304 while the client's
    /// <c>If-None-Match</c> matches), <c>GET /poet/service/functions</c>, <c>GET /poet/service/functions/{id}</c>,
    /// <c>POST /poet/service/functions/{id}/rollback</c> (<c>{ "version": n }</c>) and
    /// <c>POST /poet/service/executions</c> (a JSON array of execution records, stored in batches) and
    /// <c>GET /poet/service/events</c> (server-sent events: <c>version</c> whenever a function's current version
    /// changes, so clients need not poll). Feedback goes
    /// through <c>POST /poet/feedback</c> of <c>MapPoetEndpoints()</c>. The host registers POET in local mode:
    /// <see cref="IFunctionCatalog"/>, <see cref="IExecutionStore"/> and <see cref="IPoetFunctions"/>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="configure">Changes the settings (the API key defaults to configuration <c>AITOMATIC_API_KEY</c>).</param>
    /// <returns>The route group, for further conventions.</returns>
    /// <exception cref="InvalidOperationException">No API key is configured; the message says how to set one.</exception>
    public static RouteGroupBuilder MapPoetServiceEndpoints(this IEndpointRouteBuilder endpoints, Action<PoetServiceEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var configuration = endpoints.ServiceProvider.GetService<IConfiguration>();
        var options = new PoetServiceEndpointOptions
        {
            ApiKey = NonEmpty(configuration?[PoetOptions.ServiceApiKeyVariable]) ?? NonEmpty(configuration?[$"{PoetEndpointOptions.SectionName}:ApiKey"]),
        };
        configure?.Invoke(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new InvalidOperationException(
                $"The POET service endpoints need an API key: set the {PoetOptions.ServiceApiKeyVariable} environment variable " +
                "(or configuration value, or Poet:Endpoints:ApiKey), or pass one in MapPoetServiceEndpoints(o => o.ApiKey = ...). Clients send it as " +
                $"{PoetOptions.ServiceApiKeyVariable}.");
        }

        var group = endpoints.MapGroup(RemoteRoutes.ServicePrefix).WithTags("POET service (remote mode)");
        group.AddEndpointFilter(new ServiceApiKeyFilter(options.ApiKey, options.ApiKeyHeader));
        group.MapPost("/functions", (Delegate)((HttpContext context) => FunctionHandlers.RegisterAsync(context, options))).WithName("PoetServiceRegisterFunction");
        group.MapGet("/functions", FunctionHandlers.List).WithName("PoetServiceListFunctions");
        group.MapGet("/functions/{functionId}", FunctionHandlers.Get).WithName("PoetServiceGetFunction");
        group.MapGet("/functions/{functionId}/current", FunctionHandlers.Current).WithName("PoetServiceGetCurrentVersion");
        group.MapPost("/functions/{functionId}/rollback", (HttpContext context, string functionId) => FunctionHandlers.RollbackAsync(context, functionId, options))
            .WithName("PoetServiceRollbackFunction");
        group.MapPost("/executions", (Delegate)((HttpContext context) => ExecutionHandlers.AppendAsync(context, options))).WithName("PoetServiceAppendExecutions");
        group.MapGet("/events", VersionEvents.Stream).WithName("PoetServiceVersionEvents");
        return group;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
