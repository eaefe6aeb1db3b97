using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// One execution as a JSON line in the execution log's format, received as it is (the compact batch remote clients
/// send): checked and split into its fields once, and written back with its arguments, learned values and result copied
/// as raw JSON instead of being parsed into objects and serialized again.
/// </summary>
internal sealed class RawExecutionLine : IExecutionParts
{
    [ThreadStatic]
    private static string? _lastFunctionId;

    private readonly ReadOnlyMemory<byte> _line;
    private readonly Range _arguments;
    private readonly Range _learned;
    private readonly Range _result;

    private RawExecutionLine(ReadOnlyMemory<byte> line, Fields fields)
    {
        _line = line;
        Id = fields.Id;
        FunctionId = fields.FunctionId!;
        Version = fields.Version;
        StartedAt = fields.StartedAt;
        DurationMs = fields.DurationMs;
        Attempts = fields.Attempts;
        Outcome = fields.Outcome;
        Error = fields.Error;
        _arguments = fields.Arguments;
        _learned = fields.Learned;
        _result = fields.Result;
    }

    /// <summary>The line as received (without its newline).</summary>
    public ReadOnlyMemory<byte> Line => _line;

    /// <inheritdoc />
    public ExecutionId Id { get; }

    /// <inheritdoc />
    public bool TryGetKey(out UInt128 key) => ExecutionKey.TryFrom(Id, out key);

    /// <inheritdoc />
    public string FunctionId { get; }

    /// <inheritdoc />
    public int Version { get; }

    /// <inheritdoc />
    public DateTimeOffset StartedAt { get; }

    /// <inheritdoc />
    public double DurationMs { get; }

    /// <inheritdoc />
    public int Attempts { get; }

    /// <inheritdoc />
    public ExecutionOutcome Outcome { get; }

    /// <inheritdoc />
    public ExecutionError? Error { get; }

    /// <summary>Checks one line (well-formed JSON throughout, the record's required fields) and splits it.</summary>
    /// <param name="line">The line, without its newline; it must stay valid while the record is written.</param>
    /// <param name="parsed">The record.</param>
    /// <param name="problem">What is wrong with the line, for a 400 answer.</param>
    /// <returns><see langword="true"/> when the line is an execution record.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> line, out RawExecutionLine? parsed, out string? problem)
    {
        parsed = null;
        try
        {
            var fields = Read(line.Span);
            problem = fields.Problem();
            if (problem is null)
            {
                parsed = new RawExecutionLine(line, fields);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            problem = ex.Message;
        }

        return parsed is not null;
    }

    /// <inheritdoc />
    public void WriteArguments(Utf8JsonWriter writer, SafeValueWriter values) => CopyProperties(writer, _arguments);

    /// <inheritdoc />
    public void WriteLearned(Utf8JsonWriter writer) => CopyProperties(writer, _learned);

    /// <inheritdoc />
    public void WriteResult(Utf8JsonWriter writer, SafeValueWriter values)
    {
        if (_result.Equals(default(Range)))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(_line.Span[_result], skipInputValidation: true);
        }
    }

    private void CopyProperties(Utf8JsonWriter writer, Range range)
    {
        if (range.Equals(default(Range)))
        {
            return;
        }

        var reader = new Utf8JsonReader(_line.Span[range]);
        reader.Read(); // the object's start
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                writer.WritePropertyName(reader.GetString()!);
            }
            else
            {
                writer.WritePropertyName(reader.ValueSpan);
            }

            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            writer.WriteRawValue(_line.Span[range][start..(int)reader.BytesConsumed], skipInputValidation: true);
        }
    }

    private static Fields Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a line must be one JSON object");
        }

        var fields = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (escaped)
            {
                reader.Skip(); // no field of the format needs escaping in its name: keep nothing
                continue;
            }

            if (name.SequenceEqual("id"u8))
            {
                fields.Id = ExecutionId.TryParse(reader.GetString(), out var id) ? id : throw new FormatException("\"id\" is not an execution id");
            }
            else if (name.SequenceEqual("functionId"u8))
            {
                fields.FunctionId = FunctionIdOf(ref reader);
            }
            else if (name.SequenceEqual("version"u8))
            {
                fields.Version = reader.GetInt32();
            }
            else if (name.SequenceEqual("startedAt"u8))
            {
                fields.StartedAt = reader.GetDateTimeOffset();
            }
            else if (name.SequenceEqual("durationMs"u8))
            {
                fields.DurationMs = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : 0;
            }
            else if (name.SequenceEqual("attempts"u8))
            {
                fields.Attempts = reader.GetInt32();
            }
            else if (name.SequenceEqual("outcome"u8))
            {
                fields.Outcome = ExecutionLine.ReadOutcome(ref reader);
            }
            else if (name.SequenceEqual("error"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                fields.Error = ReadError(ref reader);
                continue;
            }
            else
            {
                reader.Skip(); // checks the value is well-formed JSON, to its end
                var range = start..(int)reader.BytesConsumed;
                if (name.SequenceEqual("arguments"u8) && reader.TokenType == JsonTokenType.EndObject)
                {
                    fields.Arguments = range;
                }
                else if (name.SequenceEqual("learnedParameters"u8) && reader.TokenType == JsonTokenType.EndObject)
                {
                    fields.Learned = range;
                }
                else if (name.SequenceEqual("result"u8) && reader.TokenType != JsonTokenType.Null)
                {
                    fields.Result = range;
                }

                continue;
            }

            reader.Skip();
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("a line must hold exactly one JSON object");
        }

        return fields;
    }

    /// <summary>
    /// The function id a string token holds: the lines of a batch mostly come from one function, so the id read last on
    /// this thread is reused when it is the same text instead of allocating a string per line.
    /// </summary>
    private static string? FunctionIdOf(ref Utf8JsonReader reader)
    {
        var last = _lastFunctionId;
        if (last is not null && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(last))
        {
            return last;
        }

        return _lastFunctionId = reader.GetString();
    }

    private static ExecutionError ReadError(ref Utf8JsonReader reader)
    {
        string? type = null, message = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                message = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return new ExecutionError(type ?? string.Empty, message ?? string.Empty);
    }

    private sealed class Fields
    {
        public ExecutionId Id { get; set; }

        public string? FunctionId { get; set; }

        public int Version { get; set; }

        public DateTimeOffset? StartedAtValue { get; set; }

        public DateTimeOffset StartedAt
        {
            get => StartedAtValue ?? default;
            set => StartedAtValue = value;
        }

        public double DurationMs { get; set; }

        public int Attempts { get; set; } = 1;

        public ExecutionOutcome Outcome { get; set; } = ExecutionOutcome.Success;

        public ExecutionError? Error { get; set; }

        public Range Arguments { get; set; }

        public Range Learned { get; set; }

        public Range Result { get; set; }

        public string? Problem() =>
            string.IsNullOrEmpty(Id.Value) ? "it has no \"id\""
            : string.IsNullOrWhiteSpace(FunctionId) ? "it has no \"functionId\""
            : Version < 1 ? "its \"version\" is missing or below 1"
            : StartedAtValue is null ? "it has no \"startedAt\""
            : null;
    }
}
