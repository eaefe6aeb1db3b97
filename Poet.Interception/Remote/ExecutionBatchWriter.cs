using System.Buffers;
using System.Text.Json;

namespace Poet.Remote;

/// <summary>
/// Writes a batch of execution records as one JSON array. When a record holds values JSON cannot represent, the batch is
/// written record by record and that record's arguments and result are sent as text, so the rest still travels.
/// </summary>
internal static class ExecutionBatchWriter
{
    /// <summary>Serializes <paramref name="records"/> into <paramref name="buffer"/> (cleared first).</summary>
    /// <param name="records">The batch.</param>
    /// <param name="buffer">The reusable output buffer.</param>
    public static void Write(IReadOnlyList<ExecutionRecord> records, ArrayBufferWriter<byte> buffer)
    {
        // Fast path: the whole batch in one pass.
        buffer.ResetWrittenCount();
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            JsonSerializer.Serialize(writer, records, RemoteJson.Options);
            return;
        }
        catch (Exception ex) when (IsUnserializable(ex))
        {
            // Some record holds a value JSON cannot represent: redo the batch record by record.
        }

        buffer.ResetWrittenCount();
        using var fallback = new Utf8JsonWriter(buffer);
        fallback.WriteStartArray();
        foreach (var record in records)
        {
            byte[] json;
            try
            {
                json = JsonSerializer.SerializeToUtf8Bytes(record, RemoteJson.Options);
            }
            catch (Exception ex) when (IsUnserializable(ex))
            {
                json = JsonSerializer.SerializeToUtf8Bytes(AsText(record), RemoteJson.Options);
            }

            fallback.WriteRawValue(json, skipInputValidation: true);
        }

        fallback.WriteEndArray();
    }

    private static bool IsUnserializable(Exception ex) =>
        ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException;

    private static ExecutionRecord AsText(ExecutionRecord record) => record with
    {
        Arguments = record.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value?.ToString(), StringComparer.Ordinal),
        Result = record.Result?.ToString(),
    };
}
