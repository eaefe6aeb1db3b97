using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Poet.AspNetCore.Dashboard;

/// <summary>
/// <c>GET /poet/ui</c>: the dashboard, served from files embedded in this assembly (no CDN, works air-gapped). The
/// files hold no data and are open to anyone; the page reads the <c>/poet/*</c> API with the key the user types.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The path of the dashboard below the POET prefix.</summary>
    public const string Path = "/ui";

    /// <summary>
    /// Only the page's own files run or style it: no inline script or style, no other origin, no framing, no plugins.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(RouteGroupBuilder group)
    {
        // Routing matches "/poet/ui" and "/poet/ui/" alike: the first is sent to the second, so the page's relative
        // links resolve below it.
        group.MapGet(Path, (HttpContext http) => http.Request.Path.Value?.EndsWith('/') == true || !Enabled(http)
                ? Serve(http, "index.html")
                : Results.Redirect(http.Request.PathBase + http.Request.Path + "/" + http.Request.QueryString))
            .ExcludeFromDescription();
        group.MapGet(Path + "/{file}", (string file, HttpContext http) => Serve(http, file))
            .ExcludeFromDescription();
    }

    private static bool Enabled(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptionsMonitor<PoetEndpointOptions>>().CurrentValue.EnableDashboard;

    private static IResult Serve(HttpContext http, string file)
    {
        // The option is read per request, not when mapping: options are validated when the app starts.
        if (!Enabled(http) || !DashboardAsset.All.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        return string.Equals(http.Request.Headers.IfNoneMatch, asset.ETag, StringComparison.Ordinal)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.ContentType);
    }
}
