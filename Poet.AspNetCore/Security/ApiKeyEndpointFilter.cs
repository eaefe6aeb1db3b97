using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poet.AspNetCore.Endpoints;

namespace Poet.AspNetCore.Security;

/// <summary>
/// Lets a request reach a <c>/poet</c> endpoint only with the right API key: 401 (with <c>WWW-Authenticate</c>)
/// when none was sent, 403 when a wrong one was sent. Runs before the body is read.
/// </summary>
/// <param name="access">What the guarded endpoint does.</param>
internal sealed class ApiKeyEndpointFilter(PoetAccess access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authenticator = http.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
        switch (authenticator.Check(http.Request, access))
        {
            case ApiKeyCheck.Allowed:
                return await next(context).ConfigureAwait(false);
            case ApiKeyCheck.Missing:
                http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{authenticator.HeaderName}\"";
                return PoetProblems.MissingApiKey(authenticator.HeaderName, access);
            default:
                PoetEndpointLog.ApiKeyRejected(Logger(http), http.Request.Method, http.Request.Path);
                return PoetProblems.WrongApiKey(authenticator.HeaderName);
        }
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poet.AspNetCore.Endpoints");
}
