using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary>
/// <c>GET /poet/health</c>: checks that the function store answers and the execution store answers a lookup.
/// Open to probes without a key (status and check states only); with the key it adds details, counts and functions.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private static readonly string PoetVersion =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HealthEndpoints).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/health", (Func<HttpContext, Task<IResult>>)CheckAsync)
            .WithName("PoetHealth")
            .WithSummary("Checks that POET's stores answer")
            .WithDescription("200 when healthy, 503 when not. Without the API key (and with reads closed) only the status and check states are shown.")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> CheckAsync(HttpContext http)
    {
        var detailed = http.RequestServices.GetRequiredService<ApiKeyAuthenticator>().MayRead(http.Request);
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poet.AspNetCore.Endpoints");

        IReadOnlyList<PoetFunctionInfo>? functions = null;
        var functionsCheck = Run("functions", http.RequestServices.GetService<IPoetFunctions>(), logger, f => functions = f.List());
        var executionsCheck = await RunAsync("executions", http.RequestServices.GetService<IExecutionStore>(), logger, async (store, ct) =>
        {
            await store.FindAsync(ExecutionId.New(), ct).ConfigureAwait(false);
            ThrowOnProblem(store);
        }, http.RequestAborted).ConfigureAwait(false);

        HealthCheckResponse[] checks = [functionsCheck, executionsCheck];
        var healthy = checks.All(c => c.Status == "healthy");
        var response = new HealthResponse
        {
            Status = healthy ? "healthy" : "unhealthy",
            PoetVersion = PoetVersion,
            CheckedAt = DateTimeOffset.UtcNow,
            Checks = detailed ? checks : [.. checks.Select(c => c with { Detail = null })],
            Counts = detailed && functions is not null
                ? new HealthCountsResponse { Functions = functions.Count, Versions = functions.Sum(f => f.Versions.Count) }
                : null,
            Functions = detailed ? functions?.Select(f => f.ToSummary()).ToArray() : null,
        };

        http.Response.Headers.CacheControl = "no-store";
        return EndpointConventions.Json(response, healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static HealthCheckResponse Run<T>(string name, T? service, ILogger logger, Action<T> check)
        where T : class
    {
        if (service is null)
        {
            return Missing<T>(name);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            check(service);
            return Result(name, started, null);
        }
        catch (Exception ex)
        {
            PoetEndpointLog.HealthCheckFailed(logger, name, ex);
            return Result(name, started, ex.Message);
        }
    }

    private static async Task<HealthCheckResponse> RunAsync<T>(string name, T? service, ILogger logger, Func<T, CancellationToken, Task> check, CancellationToken aborted)
        where T : class
    {
        if (service is null)
        {
            return Missing<T>(name);
        }

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check(service, timeout.Token).ConfigureAwait(false);
            return Result(name, started, null);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return Result(name, started, $"No answer within {CheckTimeout.TotalSeconds} seconds.");
        }
        catch (Exception ex) when (!aborted.IsCancellationRequested)
        {
            PoetEndpointLog.HealthCheckFailed(logger, name, ex);
            return Result(name, started, ex.Message);
        }
    }

    /// <summary>A store that answers a lookup may still be unable to record (a stalled writer): that fails the check.</summary>
    private static void ThrowOnProblem(object store)
    {
        if (store is IStoreHealth health && health.HealthProblem() is { } problem)
        {
            throw new PoetStoreException(problem);
        }
    }

    private static HealthCheckResponse Missing<T>(string name) => new()
    {
        Name = name,
        Status = "missing",
        DurationMs = 0,
        Detail = $"No {typeof(T).Name} is registered: call builder.AddPoet(...) on the Autofac ContainerBuilder.",
    };

    private static HealthCheckResponse Result(string name, long started, string? failure) => new()
    {
        Name = name,
        Status = failure is null ? "healthy" : "unhealthy",
        DurationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3),
        Detail = failure,
    };
}
