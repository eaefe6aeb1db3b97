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

    /// <summary>The property names of a line, in order.</summary>
    public static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText FunctionIdName = JsonEncodedText.Encode("functionId");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText StartedAtName = JsonEncodedText.Encode("startedAt");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText DurationMsName = JsonEncodedText.Encode("durationMs");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText AttemptsName = JsonEncodedText.Encode("attempts");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText OutcomeName = JsonEncodedText.Encode("outcome");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText ArgumentsName = JsonEncodedText.Encode("arguments");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText LearnedName = JsonEncodedText.Encode("learnedParameters");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText ResultName = JsonEncodedText.Encode("result");

    /// <summary>See <see cref="IdName"/>.</summary>
    public static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");

    /// <summary>The error's type property.</summary>
    public static readonly JsonEncodedText ErrorTypeName = JsonEncodedText.Encode("type");

    /// <summary>The error's message property.</summary>
    public static readonly JsonEncodedText ErrorMessageName = JsonEncodedText.Encode("message");

    private static readonly JsonEncodedText[] OutcomeNames =
        Enum.GetNames<ExecutionOutcome>().Select(n => JsonEncodedText.Encode(n)).ToArray();

    /// <summary>The outcome's name as written in a line.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The encoded name.</returns>
    public static JsonEncodedText OutcomeText(ExecutionOutcome outcome) =>
        (uint)outcome < (uint)OutcomeNames.Length ? OutcomeNames[(int)outcome] : JsonEncodedText.Encode(outcome.ToString());

    /// <summary>Reads the outcome a string token names, without allocating for the names this code writes.</summary>
    /// <param name="reader">A reader on the outcome's string token.</param>
    /// <returns>The outcome; <see cref="ExecutionOutcome.Success"/> for a name this code does not know.</returns>
    /// <exception cref="InvalidOperationException">The token is not a string.</exception>
    public static ExecutionOutcome ReadOutcome(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < OutcomeNames.Length; i++)
        {
            if (reader.ValueTextEquals(OutcomeNames[i].EncodedUtf8Bytes))
            {
                return (ExecutionOutcome)i;
            }
        }

        return Enum.TryParse<ExecutionOutcome>(reader.GetString(), out var outcome) ? outcome : ExecutionOutcome.Success;
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

    /// <summary>Writes a number property; non-finite values as strings (JSON has no NaN or infinity).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WritePropertyName(name);
            ShortDoubles.WriteValue(writer, value);
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
