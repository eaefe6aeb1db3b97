using System.Buffers;
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
            var body = await ReadBoundedAsync(context, maxBytes).ConfigureAwait(false);
            if (body is null)
            {
                return (null, TooLarge(maxBytes));
            }

            if (!System.Text.Unicode.Utf8.IsValid(body.WrittenSpan))
            {
                return (null, ServiceProblems.BadRequest($"The body is not valid UTF-8; send {what} as UTF-8 encoded JSON."));
            }

            var value = body.WrittenCount == 0 ? null : JsonSerializer.Deserialize<T>(body.WrittenSpan, RemoteJson.Options);
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
        catch (BadHttpRequestException ex)
        {
            // Shorter than its Content-Length, or too slow: the server's 400 or 408, never a 500.
            var status = ex.StatusCode == StatusCodes.Status408RequestTimeout ? ex.StatusCode : StatusCodes.Status400BadRequest;
            return (null, ServiceProblems.Create(status, "Body unreadable", $"The body could not be read ({ex.Message}); send the whole body promptly, matching its Content-Length."));
        }
    }

    private static async Task<ArrayBufferWriter<byte>?> ReadBoundedAsync(HttpContext context, long maxBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var read = await context.Request.Body.ReadAsync(buffer.GetMemory(16 * 1024), context.RequestAborted).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }

    private static IResult TooLarge(long maxBytes) => ServiceProblems.Create(
        StatusCodes.Status413PayloadTooLarge,
        "Body too large",
        $"The body exceeds {maxBytes} bytes; send smaller batches.");
}
