using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Poet.Remote;

/// <summary>Reads a JSON request body with the wire options, a size limit and clear errors.</summary>
internal static class ServiceRequestReader
{
    /// <summary>Reads the body as <typeparamref name="T"/>, or gives the problem to answer.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="context">The request.</param>
    /// <param name="maxBytes">The size limit.</param>
    /// <param name="what">What the body should be, for messages.</param>
    /// <returns>The value, or the problem (413 too large, 400 malformed or empty).</returns>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, long maxBytes, string what)
        where T : class
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, RemoteJson.Options, context.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, ServiceProblems.BadRequest($"The body is empty; send {what} as JSON.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ServiceProblems.BadRequest($"The body is not valid {what}: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    private static IResult TooLarge(long maxBytes) => ServiceProblems.Create(
        StatusCodes.Status413PayloadTooLarge,
        "Body too large",
        $"The body exceeds {maxBytes} bytes; send smaller batches.");
}
