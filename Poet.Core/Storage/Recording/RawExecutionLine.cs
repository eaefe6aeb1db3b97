using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// One execution as a JSON line in the execution log's format, received as it is (the compact batch remote clients
/// send): checked and split into its fields once. A line already in the log's own form (<see cref="IsVerbatim"/>: what
/// POET's recorder writes) is copied into the log byte for byte; any other valid line is written afresh, with its
/// arguments, learned values and result copied as raw JSON instead of being parsed into objects.
/// </summary>
internal sealed class RawExecutionLine : IExecutionParts
{
    [ThreadStatic]
    private static string? _lastFunctionId;

    private readonly ReadOnlyMemory<byte> _line;
    private readonly UInt128 _key;
    private readonly Range _arguments;
    private readonly Range _learned;
    private readonly Range _result;

    private RawExecutionLine(ReadOnlyMemory<byte> line, in Fields fields)
    {
        _line = line;
        _key = fields.Key;
        FunctionId = fields.FunctionId!;
        Version = fields.Version;
        StartedAt = fields.StartedAt.GetValueOrDefault();
        DurationMs = fields.DurationMs;
        Attempts = fields.Attempts;
        Outcome = fields.Outcome;
        Error = fields.Error;
        _arguments = fields.Arguments;
        _learned = fields.Learned;
        _result = fields.Result;
        IsVerbatim = fields.Verbatim && fields.HasArguments && fields.HasLearned && fields.HasResult;
    }

    /// <summary>The line as received (without its newline).</summary>
    public ReadOnlyMemory<byte> Line => _line;

    /// <summary>
    /// Whether the line can go into the log as it is: it starts with its id in upper case (<c>{"id":"…",</c>, which the
    /// log's index reads without parsing), names each field once, has its arguments, learned values and result, and
    /// every field the log's reader parses has the type it expects (the form POET's recorder writes).
    /// </summary>
    public bool IsVerbatim { get; }

    /// <summary>The id's key (<see cref="ExecutionKey"/>).</summary>
    public UInt128 Key => _key;

    /// <summary>Where the arguments object is in <see cref="Line"/> (only when <see cref="IsVerbatim"/>).</summary>
    public Range Arguments => _arguments;

    /// <summary>Where the learned values object is in <see cref="Line"/> (only when <see cref="IsVerbatim"/>).</summary>
    public Range Learned => _learned;

    /// <summary>Where the result value is in <see cref="Line"/> (only when <see cref="IsVerbatim"/>).</summary>
    public Range Result => _result;

    /// <inheritdoc />
    public ExecutionId Id => ExecutionId.FromKey(_key);

    /// <inheritdoc />
    public bool TryGetKey(out UInt128 key)
    {
        key = _key;
        return true;
    }

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
            var fields = new Fields();
            Read(line.Span, ref fields);
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
    public void WriteArguments(LineWriter line) => CopyProperties(line, _arguments);

    /// <inheritdoc />
    public void WriteLearned(LineWriter line) => CopyProperties(line, _learned);

    /// <inheritdoc />
    public void WriteResult(LineWriter line)
    {
        if (_result.Equals(default(Range)))
        {
            line.Null();
        }
        else
        {
            line.RawValue(_line.Span[_result]);
        }
    }

    private void CopyProperties(LineWriter line, Range range)
    {
        if (range.Equals(default(Range)))
        {
            return;
        }

        var reader = new Utf8JsonReader(_line.Span[range]);
        reader.Read(); // the object's start
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            line.PropertyName(reader.GetString()!); // escaped as the log escapes names (a remote line that was not verbatim: rare)
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            line.RawValue(_line.Span[range][start..(int)reader.BytesConsumed]);
        }
    }

    private static void Read(ReadOnlySpan<byte> line, ref Fields fields)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a line must be one JSON object");
        }

        // Verbatim only when the id opens the line as the log's index expects it; every field below may clear it.
        fields.Verbatim = ExecutionLine.TryReadKey(line, out var headKey);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (escaped)
            {
                fields.Verbatim = false; // an escaped name may spell a field a second time: write the line afresh
                reader.Skip(); // no field of the format needs escaping in its name: keep nothing
                continue;
            }

            var field = FieldOf(name);
            if (field != Field.None)
            {
                fields.Verbatim &= (fields.Seen & field) == 0; // a field named twice: written afresh, once
                fields.Seen |= field;
            }

            switch (field)
            {
                case Field.Id:
                    fields.Key = ReadKey(ref reader, out var canonical);
                    fields.Verbatim &= canonical && fields.Key == headKey;
                    break;
                case Field.FunctionId:
                    fields.FunctionId = FunctionIdOf(ref reader);
                    break;
                case Field.Version:
                    fields.Version = reader.GetInt32();
                    break;
                case Field.StartedAt:
                    fields.StartedAt = reader.GetDateTimeOffset();
                    break;
                case Field.DurationMs:
                    var isNumber = reader.TokenType == JsonTokenType.Number;
                    fields.DurationMs = isNumber ? reader.GetDouble() : 0;
                    fields.Verbatim &= isNumber;
                    reader.Skip();
                    break;
                case Field.Attempts:
                    fields.Attempts = reader.GetInt32();
                    break;
                case Field.Outcome:
                    fields.Outcome = ExecutionLine.ReadOutcome(ref reader);
                    break;
                case Field.Error when reader.TokenType == JsonTokenType.StartObject:
                    fields.Error = ReadError(ref reader, out var complete);
                    fields.Verbatim &= complete;
                    break;
                case Field.Error:
                    fields.Verbatim &= reader.TokenType == JsonTokenType.Null;
                    reader.Skip();
                    break;
                default:
                    reader.Skip(); // checks the value is well-formed JSON, to its end
                    var range = start..(int)reader.BytesConsumed;
                    if (field == Field.Arguments && reader.TokenType == JsonTokenType.EndObject)
                    {
                        fields.Arguments = range;
                        fields.HasArguments = true;
                    }
                    else if (field == Field.Learned && reader.TokenType == JsonTokenType.EndObject)
                    {
                        fields.Learned = range;
                        fields.HasLearned = true;
                    }
                    else if (field == Field.Result)
                    {
                        fields.Result = range; // null too: copied as raw JSON, the same bytes the writer gives
                        fields.HasResult = true;
                    }

                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("a line must hold exactly one JSON object");
        }
    }

    private static Field FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("id"u8) => Field.Id,
        10 when name.SequenceEqual("functionId"u8) => Field.FunctionId,
        7 when name.SequenceEqual("version"u8) => Field.Version,
        9 when name.SequenceEqual("startedAt"u8) => Field.StartedAt,
        10 when name.SequenceEqual("durationMs"u8) => Field.DurationMs,
        8 when name.SequenceEqual("attempts"u8) => Field.Attempts,
        7 when name.SequenceEqual("outcome"u8) => Field.Outcome,
        9 when name.SequenceEqual("arguments"u8) => Field.Arguments,
        17 when name.SequenceEqual("learnedParameters"u8) => Field.Learned,
        6 when name.SequenceEqual("result"u8) => Field.Result,
        5 when name.SequenceEqual("error"u8) => Field.Error,
        _ => Field.None,
    };

    /// <summary>The id's key, read from its UTF-8 bytes (no string); <paramref name="canonical"/> when written in upper case.</summary>
    private static UInt128 ReadKey(ref Utf8JsonReader reader, out bool canonical)
    {
        canonical = false;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var text = reader.ValueSpan;
            if (text.Length == ExecutionId.Length && ExecutionKey.TryFrom(text, out var key) && IsTimePrefix(text[0]))
            {
                Span<byte> upper = stackalloc byte[ExecutionId.Length];
                ExecutionId.WriteAscii(key, upper);
                canonical = text.SequenceEqual(upper);
                return key;
            }
        }
        else if (reader.TokenType == JsonTokenType.String && ExecutionId.TryParse(reader.GetString(), out var id) && ExecutionKey.TryFrom(id, out var escapedKey))
        {
            return escapedKey;
        }

        throw new FormatException("\"id\" is not an execution id");
    }

    /// <summary>The first character of an id holds only the top 3 bits of its 48-bit time (0-7).</summary>
    private static bool IsTimePrefix(byte first) => first is >= (byte)'0' and <= (byte)'7';

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

    /// <summary>Reads an error object; <paramref name="complete"/> when it has a string type and message and nothing else.</summary>
    private static ExecutionError ReadError(ref Utf8JsonReader reader, out bool complete)
    {
        string? type = null, message = null;
        var others = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                others |= type is not null;
                type = reader.GetString();
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                others |= message is not null;
                message = reader.GetString();
            }
            else
            {
                others = true;
                reader.Skip();
            }
        }

        complete = type is not null && message is not null && !others;
        return new ExecutionError(type ?? string.Empty, message ?? string.Empty);
    }

    [Flags]
    private enum Field
    {
        None = 0,
        Id = 1,
        FunctionId = 2,
        Version = 4,
        StartedAt = 8,
        DurationMs = 16,
        Attempts = 32,
        Outcome = 64,
        Arguments = 128,
        Learned = 256,
        Result = 512,
        Error = 1024,
    }

    private struct Fields
    {
        public Fields()
        {
        }

        public UInt128 Key;
        public readonly bool HasKey => (Seen & Field.Id) != 0;
        public string? FunctionId;
        public int Version;
        public DateTimeOffset? StartedAt;
        public double DurationMs;
        public int Attempts = 1;
        public ExecutionOutcome Outcome = ExecutionOutcome.Success;
        public ExecutionError? Error;
        public Range Arguments;
        public Range Learned;
        public Range Result;
        public bool HasArguments;
        public bool HasLearned;
        public bool HasResult;
        public bool Verbatim;
        public Field Seen;

        public readonly string? Problem() =>
            !HasKey ? "it has no \"id\""
            : string.IsNullOrWhiteSpace(FunctionId) ? "it has no \"functionId\""
            : Version < 1 ? "its \"version\" is missing or below 1"
            : StartedAt is null ? "it has no \"startedAt\""
            : null;
    }
}
