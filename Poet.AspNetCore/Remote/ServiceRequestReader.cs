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
        var (body, problem) = await ReadBodyAsync(context, maxBytes, what + " as JSON").ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        using var read = body!;
        try
        {
            var value = read.Length == 0 ? null : JsonSerializer.Deserialize<T>(read.Memory.Span, RemoteJson.Options);
            return value is null ? (null, ServiceProblems.BadRequest($"The body is empty; send {what} as JSON.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ServiceProblems.BadRequest($"The body is not valid {what}: {ex.Message}"));
        }
    }

    /// <summary>Reads a whole body of at most <paramref name="maxBytes"/> that must be UTF-8 (the caller parses it).</summary>
    /// <param name="context">The request.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="what">What the body should hold, for messages.</param>
    /// <returns>
    /// The body (the caller disposes it once nothing reads its bytes any more), or the problem to answer.
    /// </returns>
    public static async Task<(PooledBody? Body, IResult? Problem)> ReadBodyAsync(HttpContext context, long maxBytes, string what)
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
            var body = await ReadBoundedAsync(context, maxBytes).ConfigureAwait(false);
            if (body is null)
            {
                return (null, TooLarge(maxBytes));
            }

            if (!System.Text.Unicode.Utf8.IsValid(body.Memory.Span))
            {
                body.Dispose();
                return (null, ServiceProblems.BadRequest($"The body is not valid UTF-8; send {what} encoded as UTF-8."));
            }

            return (body, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (BadHttpRequestException ex)
        {
            var status = ex.StatusCode == StatusCodes.Status408RequestTimeout ? ex.StatusCode : StatusCodes.Status400BadRequest;
            return (null, ServiceProblems.Create(status, "Body unreadable", $"The body could not be read ({ex.Message}); send the whole body promptly, matching its Content-Length."));
        }
    }

    /// <summary>Reads the body into a pooled array sized by its Content-Length (when sent); null when it exceeds the limit.</summary>
    private static async Task<PooledBody?> ReadBoundedAsync(HttpContext context, long maxBytes)
    {
        const int Chunk = 16 * 1024;
        var expected = context.Request.ContentLength is { } length and <= int.MaxValue - 1 ? (int)length + 1 : Chunk; // + 1: room to see the end
        var body = new PooledBody(expected);
        try
        {
            while (true)
            {
                var read = await context.Request.Body.ReadAsync(body.Room(1), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return body;
                }

                body.Advance(read);
                if (body.Length > maxBytes)
                {
                    body.Dispose();
                    return null;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private static IResult TooLarge(long maxBytes) => ServiceProblems.Create(
        StatusCodes.Status413PayloadTooLarge,
        "Body too large",
        $"The body exceeds {maxBytes} bytes; send smaller batches.");
}
