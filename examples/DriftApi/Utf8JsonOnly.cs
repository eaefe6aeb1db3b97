using Microsoft.Net.Http.Headers;

namespace DriftApi;

/// <summary>
/// Answers 415 for a request body that declares a charset other than UTF-8 (JSON is UTF-8, RFC 8259), before the
/// body reaches a controller.
/// </summary>
internal static class Utf8JsonOnly
{
    /// <summary>Adds the check to the pipeline.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The app.</returns>
    public static IApplicationBuilder UseUtf8JsonOnly(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            && type.Charset.Value is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "Unsupported charset",
                    Detail = $"The body declares charset={charset}; send JSON as UTF-8 (Content-Type: application/json or application/json; charset=utf-8).",
                },
            });
            return;
        }

        await next(http);
    });
}
