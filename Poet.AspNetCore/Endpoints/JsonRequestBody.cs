using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Poet.AspNetCore.Endpoints;

/// <summary>
/// Reads a request body as one JSON object under <see cref="PoetEndpointOptions.MaxRequestBodyBytes"/>: a
/// non-JSON content type gives 415, an oversized body 413 (whether or not it announced its length), an empty,
/// malformed, too deep or duplicate-keyed body, or one that is not an object, 400. Never throws for bad input.
/// </summary>
internal static class JsonRequestBody
{
    /// <summary>Reads the body of <paramref name="http"/>.</summary>
    /// <param name="http">The request's context.</param>
    /// <param name="example">An example of a valid body, quoted in error details.</param>
    /// <returns>The JSON object, or the problem to answer with.</returns>
    public static async Task<JsonBodyResult> ReadObjectAsync(HttpContext http, string example)
    {
        var request = http.Request;
        var limit = http.RequestServices.GetRequiredService<IOptionsMonitor<PoetEndpointOptions>>().CurrentValue.MaxRequestBodyBytes;

        if (!IsJson(request.ContentType))
        {
            return new(null, PoetProblems.UnsupportedMediaType(request.ContentType));
        }

        if (request.ContentLength > limit)
        {
            return new(null, PoetProblems.PayloadTooLarge(limit));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit; // lets Kestrel stop an oversized chunked body early
        }

        var buffer = new ArrayBufferWriter<byte>(checked((int)Math.Min(limit + 1, 64 * 1024)));
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                var read = await request.Body.ReadAsync(memory, http.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return new(null, PoetProblems.PayloadTooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, PoetProblems.PayloadTooLarge(limit));
        }
        catch (BadHttpRequestException ex)
        {
            // A body shorter than its Content-Length, or one sent too slowly: 400 or 408 from the server, not a 500.
            return new(null, PoetProblems.UnreadableBody(ex.StatusCode, ex.Message));
        }

        if (buffer.WrittenCount == 0 || buffer.WrittenSpan.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new(null, PoetProblems.MalformedJson($"The request body is empty; send a JSON object such as {example}."));
        }

        if (!System.Text.Unicode.Utf8.IsValid(buffer.WrittenSpan))
        {
            return new(null, PoetProblems.MalformedJson($"The request body is not valid UTF-8; send UTF-8 encoded JSON such as {example}."));
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(buffer.WrittenMemory, PoetJson.DocumentOptions);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return new(null, PoetProblems.MalformedJson(
                $"The request body is not valid JSON ({Describe(ex)}); send a JSON object such as {example}."));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // The duplicate-property check decodes every property name: one escaped as a lone surrogate throws here.
            return new(null, LoneSurrogate(example));
        }

        if (!HasValidStrings(root))
        {
            return new(null, LoneSurrogate(example));
        }

        return root.ValueKind == JsonValueKind.Object
            ? new(root, null)
            : new(null, PoetProblems.MalformedJson(
                $"The request body is a JSON {JsonFields.KindName(root.ValueKind)}; send a JSON object such as {example}."));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult LoneSurrogate(string example) => PoetProblems.MalformedJson(
        $"The request body has a string or property name with an invalid \\u escape (a lone surrogate such as \\ud800); send valid Unicode, for example {example}.");

    /// <summary>Whether every property name and string decodes to valid UTF-16 (no lone surrogate escapes).</summary>
    private static bool HasValidStrings(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (Poet.Storage.FileStore.Unicode.HasLoneSurrogate(property.Name) || !HasValidStrings(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!HasValidStrings(item))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.String:
                    return !Poet.Storage.FileStore.Unicode.HasLoneSurrogate(element.GetString()!);
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true; // lenient: a client that names no type and sends JSON is served
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var charset = mediaType.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var subType = mediaType.SubType.Value ?? string.Empty;
        return mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && (subType.Equals("json", StringComparison.OrdinalIgnoreCase) || subType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? $"line {line + 1}, byte {position + 1}: {FirstSentence(ex.Message)}"
            : FirstSentence(ex.Message);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}

/// <summary>A request body read as JSON: the object, or the problem to answer with.</summary>
/// <param name="Body">The JSON object, when the body was valid.</param>
/// <param name="Problem">The problem to answer with, when it was not.</param>
internal readonly record struct JsonBodyResult(JsonElement? Body, IResult? Problem);
