using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Poet.Storage.FileStore;

/// <summary>
/// One execution as one JSON line of a log segment. The id always comes first (<c>{"id":"…",</c>), which lets the
/// index builder and the scanner read it without parsing the line.
/// </summary>
internal static class ExecutionLine
{
    /// <summary>The bytes every line starts with, before the id.</summary>
    public static ReadOnlySpan<byte> Prefix => "{\"id\":\""u8;

    /// <summary>The offset of the id's closing quote in a line.</summary>
    public const int IdEnd = 7 + ExecutionId.Length;

    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText FunctionId = JsonEncodedText.Encode("functionId");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText StartedAt = JsonEncodedText.Encode("startedAt");
    private static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("durationMs");
    private static readonly JsonEncodedText Attempts = JsonEncodedText.Encode("attempts");
    private static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText Arguments = JsonEncodedText.Encode("arguments");
    private static readonly JsonEncodedText Learned = JsonEncodedText.Encode("learnedParameters");
    private static readonly JsonEncodedText Result = JsonEncodedText.Encode("result");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText ErrorType = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ErrorMessage = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText[] OutcomeNames =
        Enum.GetNames<ExecutionOutcome>().Select(n => JsonEncodedText.Encode(n)).ToArray();

    /// <summary>Writes a record as one JSON object (the caller adds the newline).</summary>
    /// <param name="writer">The JSON writer (not indented).</param>
    /// <param name="record">The record.</param>
    /// <param name="values">Writes arguments and results defensively.</param>
    /// <param name="safeValues">False to replace arguments and result by markers (the fallback after a failure).</param>
    public static void Write(Utf8JsonWriter writer, ExecutionRecord record, SafeValueWriter values, bool safeValues = true)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, record.Id.Value);
        writer.WriteString(FunctionId, record.FunctionId);
        writer.WriteNumber(Version, record.Version);
        writer.WriteString(StartedAt, record.StartedAt);
        WriteDouble(writer, DurationMs, record.DurationMs);
        writer.WriteNumber(Attempts, record.Attempts);
        var outcome = (int)record.Outcome;
        if ((uint)outcome < (uint)OutcomeNames.Length)
        {
            writer.WriteString(Outcome, OutcomeNames[outcome]);
        }
        else
        {
            writer.WriteString(Outcome, record.Outcome.ToString());
        }

        writer.WriteStartObject(Arguments);
        if (safeValues && record.Arguments is Dictionary<string, object?> arguments)
        {
            // The common case, without boxing an enumerator.
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                values.WriteValue(writer, value);
            }
        }
        else if (safeValues)
        {
            foreach (var (name, value) in record.Arguments)
            {
                writer.WritePropertyName(name);
                values.WriteValue(writer, value);
            }
        }
        else
        {
            writer.WriteString(SafeValueWriter.MarkerProperty, "error: the arguments could not be recorded");
        }

        writer.WriteEndObject();
        writer.WriteStartObject(Learned);
        if (record.LearnedParameters is Dictionary<string, double> learned)
        {
            foreach (var (name, value) in learned)
            {
                WriteDouble(writer, name, value);
            }
        }
        else
        {
            foreach (var (name, value) in record.LearnedParameters)
            {
                WriteDouble(writer, name, value);
            }
        }

        writer.WriteEndObject();
        writer.WritePropertyName(Result);
        if (safeValues)
        {
            values.WriteValue(writer, record.Result);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString(SafeValueWriter.MarkerProperty, "error: the result could not be recorded");
            writer.WriteEndObject();
        }

        if (record.Error is { } error)
        {
            writer.WriteStartObject(Error);
            writer.WriteString(ErrorType, error.Type);
            writer.WriteString(ErrorMessage, error.Message);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(Error);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads the id at the start of a line without parsing it.</summary>
    /// <param name="line">The line (without its newline).</param>
    /// <param name="key">The id's key.</param>
    /// <returns><see langword="false"/> when the line does not start like a record.</returns>
    public static bool TryReadKey(ReadOnlySpan<byte> line, out UInt128 key)
    {
        key = default;
        return line.Length > IdEnd && line.StartsWith(Prefix) && line[IdEnd] == (byte)'"'
            && ExecutionKey.TryFrom(line[Prefix.Length..IdEnd], out key);
    }

    /// <summary>Parses a line back into a record; arguments and result become <see cref="JsonElement"/>s.</summary>
    /// <param name="line">The line (without its newline).</param>
    /// <returns>The record.</returns>
    /// <exception cref="JsonException">The line is not a record.</exception>
    public static ExecutionRecord Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement.Clone();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("an execution line must be a JSON object");
        }

        try
        {
            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (root.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in args.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
                }
            }

            var learned = new Dictionary<string, double>(StringComparer.Ordinal);
            if (root.TryGetProperty("learnedParameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in parameters.EnumerateObject())
                {
                    learned[property.Name] = ReadDouble(property.Value);
                }
            }

            ExecutionError? error = null;
            if (root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                error = new ExecutionError(e.GetProperty("type").GetString() ?? string.Empty, e.GetProperty("message").GetString() ?? string.Empty);
            }

            return new ExecutionRecord
            {
                Id = ExecutionId.Parse(root.GetProperty("id").GetString()!),
                FunctionId = root.GetProperty("functionId").GetString()!,
                Version = root.GetProperty("version").GetInt32(),
                StartedAt = root.GetProperty("startedAt").GetDateTimeOffset(),
                DurationMs = root.TryGetProperty("durationMs", out var duration) ? ReadDouble(duration) : 0,
                Attempts = root.TryGetProperty("attempts", out var attempts) ? attempts.GetInt32() : 1,
                Outcome = root.TryGetProperty("outcome", out var outcome) && Enum.TryParse<ExecutionOutcome>(outcome.GetString(), out var o) ? o : ExecutionOutcome.Success,
                Arguments = arguments,
                LearnedParameters = learned,
                Result = root.TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null ? result : null,
                Error = error,
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new JsonException("the line is not an execution record: " + ex.Message, ex);
        }
    }

    /// <summary>Describes a line for a log message (its start, shortened).</summary>
    /// <param name="line">The line.</param>
    /// <returns>Printable text.</returns>
    public static string Describe(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, 60)]);
        return line.Length > 60 ? text + string.Create(CultureInfo.InvariantCulture, $"... ({line.Length} bytes)") : text;
    }

    private static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static double ReadDouble(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : element.GetDouble();
}
