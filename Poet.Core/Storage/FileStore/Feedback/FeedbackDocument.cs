using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Poet.Storage.FileStore;

/// <summary>
/// The on-disk JSON of one <see cref="FeedbackRecord"/> (<c>feedback/{function}/{id}.json</c>), indented for
/// <c>cat</c>/<c>jq</c>. The raw payload is embedded verbatim as JSON under <c>raw</c>; a payload too large (or not
/// valid JSON) is kept as text under <c>rawText</c>, cut with a marker that states its full size.
/// </summary>
internal static class FeedbackDocument
{
    /// <summary>The version of this document's layout.</summary>
    public const int LayoutVersion = 1;

    /// <summary>Serializes a record, truncating the raw payload beyond <paramref name="maxRawChars"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="maxRawChars">The largest raw payload kept whole, in characters.</param>
    /// <returns>The document's UTF-8 bytes.</returns>
    public static byte[] Write(FeedbackRecord record, int maxRawChars)
    {
        var raw = Unicode.WithoutLoneSurrogates(record.RawJson ?? "null");
        var size = Math.Max(record.RawSize, raw.Length);
        var truncated = record.RawTruncated || raw.Length > maxRawChars;
        var buffer = new ArrayBufferWriter<byte>(1024 + Math.Min(raw.Length, maxRawChars) * 2);
        using (var writer = new Utf8JsonWriter(buffer, StoreJson.WriterOptions(indented: true)))
        {
            writer.WriteStartObject();
            writer.WriteNumber("layout", LayoutVersion);
            writer.WriteString("id", record.Id);
            if (record.IdempotencyKey is { } key)
            {
                writer.WriteString("idempotencyKey", key);
            }

            writer.WriteString("executionId", record.ExecutionId.Value);
            writer.WriteString("functionId", record.FunctionId);
            writer.WriteString("receivedAt", record.ReceivedAt);
            if (raw.Length <= maxRawChars && (!record.RawTruncated || record.RawTruncatedReason is not null) && IsJson(raw))
            {
                writer.WritePropertyName("raw");
                writer.WriteRawValue(raw, skipInputValidation: true);
            }
            else
            {
                writer.WriteString("rawText", truncated ? Truncate(raw, maxRawChars, size) : raw);
            }

            writer.WriteBoolean("rawTruncated", truncated);
            writer.WriteNumber("rawSize", size);
            if (truncated && (record.RawTruncatedReason ?? (raw.Length > maxRawChars ? $"longer than MaxStoredFeedbackChars ({maxRawChars})" : null)) is { } why)
            {
                writer.WriteString("rawTruncatedReason", Unicode.WithoutLoneSurrogates(why));
            }
            writer.WritePropertyName("normalized");
            WriteOrNull(writer, record.Normalized, StoreJson.Store.NormalizedFeedback);
            writer.WritePropertyName("signal");
            WriteOrNull(writer, record.Signal, StoreJson.Store.LearningSignal);
            if (record.ProducedVersion is { } produced)
            {
                writer.WriteNumber("producedVersion", produced);
            }
            else
            {
                writer.WriteNull("producedVersion");
            }

            writer.WritePropertyName("changes");
            JsonSerializer.Serialize(writer, record.Changes, StoreJson.Store.IReadOnlyListParameterChange);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a document back.</summary>
    /// <param name="bytes">The document's bytes.</param>
    /// <returns>The record.</returns>
    /// <exception cref="JsonException">The bytes are not a feedback document.</exception>
    public static FeedbackRecord Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a feedback document must be a JSON object");
        }

        if (root.TryGetProperty("layout", out var layout) && layout.GetInt32() > LayoutVersion)
        {
            throw new JsonException($"the feedback document has layout {layout.GetInt32()}, newer than {LayoutVersion}");
        }

        var rawJson = root.TryGetProperty("raw", out var raw) ? raw.GetRawText()
            : root.TryGetProperty("rawText", out var rawText) ? rawText.GetString() ?? "null"
            : "null";
        return new FeedbackRecord
        {
            Id = Required(root, "id").GetString()!,
            IdempotencyKey = root.TryGetProperty("idempotencyKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null,
            ExecutionId = ExecutionId.Parse(Required(root, "executionId").GetString()!),
            FunctionId = Required(root, "functionId").GetString()!,
            ReceivedAt = Required(root, "receivedAt").GetDateTimeOffset(),
            RawJson = rawJson,
            RawTruncated = root.TryGetProperty("rawTruncated", out var t) && t.GetBoolean(),
            RawSize = root.TryGetProperty("rawSize", out var s) ? s.GetInt64() : rawJson.Length,
            RawTruncatedReason = root.TryGetProperty("rawTruncatedReason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null,
            Normalized = ReadOrNull(root, "normalized", StoreJson.Store.NormalizedFeedback),
            Signal = ReadOrNull(root, "signal", StoreJson.Store.LearningSignal),
            ProducedVersion = root.TryGetProperty("producedVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null,
            Changes = ReadOrNull(root, "changes", StoreJson.Store.IReadOnlyListParameterChange) ?? [],
        };
    }

    /// <summary>The marker appended to a truncated raw payload.</summary>
    /// <param name="size">The payload's full size in characters.</param>
    /// <returns>The marker text.</returns>
    public static string TruncationMarker(long size) =>
        string.Create(CultureInfo.InvariantCulture, $"...[truncated by POET: {size} characters in full]");

    internal static string Truncate(string raw, int maxChars, long size)
    {
        var keep = Math.Clamp(maxChars, 0, raw.Length);
        if (keep > 0 && char.IsHighSurrogate(raw[keep - 1]))
        {
            keep--;
        }

        return string.Concat(raw.AsSpan(0, keep), TruncationMarker(size));
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new JsonException($"the feedback document has no '{name}'");

    private static void WriteOrNull<T>(Utf8JsonWriter writer, T? value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
    }

    private static T? ReadOrNull<T>(JsonElement root, string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Deserialize(typeInfo) : null;
}
