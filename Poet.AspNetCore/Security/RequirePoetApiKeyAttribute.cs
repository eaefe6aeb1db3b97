using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poet.AspNetCore.Endpoints;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore;

/// <summary>
/// Protects an MVC controller or action with the same API key as the <c>/poet/*</c> write endpoints (the
/// <c>X-Api-Key</c> header or <c>Authorization: Bearer &lt;key&gt;</c>): 401 without a key, 403 with a wrong one.
/// Put it on your own routes that change what POET learns, such as a feedback action. Needs
/// <c>services.AddPoetEndpoints()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequirePoetApiKeyAttribute : Attribute, IAuthorizationFilter
{
    /// <summary>Lets the request through only with the right key.</summary>
    /// <param name="context">The authorization context.</param>
    /// <exception cref="InvalidOperationException"><c>AddPoetEndpoints()</c> was not called.</exception>
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var authenticator = http.RequestServices.GetService<ApiKeyAuthenticator>()
            ?? throw new InvalidOperationException("[RequirePoetApiKey] needs the POET endpoint services: call builder.Services.AddPoetEndpoints().");
        switch (authenticator.Check(http.Request, PoetAccess.Write))
        {
            case ApiKeyCheck.Allowed:
                return;
            case ApiKeyCheck.Missing:
                http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{authenticator.HeaderName}\"";
                context.Result = new ResultAdapter(PoetProblems.MissingApiKey(authenticator.HeaderName, PoetAccess.Write));
                return;
            default:
                PoetEndpointLog.ApiKeyRejected(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poet.AspNetCore.Endpoints"), http.Request.Method, http.Request.Path);
                context.Result = new ResultAdapter(PoetProblems.WrongApiKey(authenticator.HeaderName));
                return;
        }
    }

    /// <summary>Runs a minimal-API result as an MVC action result.</summary>
    private sealed class ResultAdapter(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
