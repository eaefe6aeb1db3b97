using System.Buffers;
using System.Text.Json;

namespace Poet.Remote;

/// <summary>
/// Writes a batch of execution records as one JSON array. Each record is serialized on its own, so one record whose
/// arguments JSON cannot represent is sent with those values as text instead of failing the whole batch.
/// </summary>
internal static class ExecutionBatchWriter
{
    /// <summary>Serializes <paramref name="records"/> into <paramref name="buffer"/> (cleared first).</summary>
    /// <param name="records">The batch.</param>
    /// <param name="buffer">The reusable output buffer.</param>
    public static void Write(IReadOnlyList<ExecutionRecord> records, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartArray();
        foreach (var record in records)
        {
            byte[] json;
            try
            {
                json = JsonSerializer.SerializeToUtf8Bytes(record, RemoteJson.Options);
            }
            catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
            {
                json = JsonSerializer.SerializeToUtf8Bytes(AsText(record), RemoteJson.Options);
            }

            writer.WriteRawValue(json, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    private static ExecutionRecord AsText(ExecutionRecord record) => record with
    {
        Arguments = record.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value?.ToString(), StringComparer.Ordinal),
        Result = record.Result?.ToString(),
    };
}
