using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Poet.AspNetCore.Endpoints;

/// <summary>
/// Turns failures of POET's own machinery into problem details: an unavailable store is 503, a failing remote
/// service 502, anything else 500 (logged with the request's trace id). Bad input never reaches here: the
/// endpoints answer it with 400/404/413/415 themselves.
/// </summary>
internal sealed class PoetErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            throw; // the client left; nobody is waiting for an answer
        }
        catch (PoetStoreException ex)
        {
            PoetEndpointLog.StoreUnavailable(Logger(http), http.Request.Method, http.Request.Path, ex);
            return PoetProblems.StoreUnavailable(ex.Message);
        }
        catch (PoetServiceException ex)
        {
            PoetEndpointLog.StoreUnavailable(Logger(http), http.Request.Method, http.Request.Path, ex);
            return PoetProblems.ServiceFailed(ex.Message);
        }
        catch (Exception ex)
        {
            PoetEndpointLog.EndpointFailed(Logger(http), http.Request.Method, http.Request.Path, ex);
            return PoetProblems.Unexpected();
        }
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poet.AspNetCore.Endpoints");
}
