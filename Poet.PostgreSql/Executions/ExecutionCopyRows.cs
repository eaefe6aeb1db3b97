using System.Buffers.Binary;
using System.Text;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// A batch of executions encoded as one PostgreSQL binary COPY stream for <see cref="ExecutionCopy.Columns"/>: the
/// header, one tuple per execution (uuid, function id, version, start time, outcome, duration, the record's JSON line as
/// <c>json</c>) and the trailer, in one reused buffer. Written by hand rather than field by field through Npgsql's
/// <c>NpgsqlBinaryImporter</c>: a batch is thousands of rows of seven fixed-type fields, and the per-field type
/// resolution and buffer checks of the general importer cost more CPU than PostgreSQL's own work for the row (measured:
/// see the README's PostgreSQL figures). Function ids and outcomes are encoded once and reused; the buffer grows to the
/// largest batch and is kept.
/// </summary>
internal sealed class ExecutionCopyRows
{
    private const short FieldCount = 7;
    private const long PostgresEpochMicroseconds = 946_684_800_000_000; // 2000-01-01 after 1970-01-01
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[][] Outcomes = OutcomeTexts();
    private readonly Dictionary<string, byte[]> _functionIds = new(StringComparer.Ordinal);
    private readonly List<long> _days = [];
    private byte[] _buffer = new byte[1 << 20];
    private int _length;

    /// <summary>Rows encoded.</summary>
    public int Count { get; private set; }

    /// <summary>The UTC days (partitions) the rows fall in.</summary>
    public IReadOnlyList<long> Days => _days;

    /// <summary>The COPY stream: header, rows, trailer.</summary>
    public ReadOnlyMemory<byte> Data => _buffer.AsMemory(0, _length);

    /// <summary>Encodes a batch (replacing what was encoded before).</summary>
    /// <param name="batch">The batch.</param>
    public void Encode(ExecutionBatch batch)
    {
        _length = 0;
        Count = 0;
        _days.Clear();
        Append(Header);
        var lines = batch.Lines.Span;
        foreach (ref readonly var entry in batch.Entries)
        {
            var line = lines.Slice(entry.LineStart, entry.LineLength);
            if (line.Length > 0 && line[^1] == (byte)'\n')
            {
                line = line[..^1];
            }

            var functionId = FunctionId(entry.FunctionId);
            var outcome = (uint)entry.Outcome < (uint)Outcomes.Length && Outcomes[(int)entry.Outcome] is { } known
                ? known
                : Encoding.UTF8.GetBytes(entry.Outcome.ToString());
            var span = Reserve(2 + (4 + 16) + (4 + functionId.Length) + (4 + 4) + (4 + 8) + (4 + outcome.Length) + (4 + 8) + (4 + line.Length));
            BinaryPrimitives.WriteInt16BigEndian(span, FieldCount);
            span = span[2..];
            span = Field(span, 16);
            BinaryPrimitives.WriteUInt128BigEndian(span, entry.Key);
            span = span[16..];
            span = Bytes(span, functionId);
            span = Field(span, 4);
            BinaryPrimitives.WriteInt32BigEndian(span, entry.Version);
            span = span[4..];
            span = Field(span, 8);
            BinaryPrimitives.WriteInt64BigEndian(span, (entry.StartedAt.UtcTicks / 10) - (DateTimeOffset.UnixEpoch.UtcTicks / 10) - PostgresEpochMicroseconds);
            span = span[8..];
            span = Bytes(span, outcome);
            span = Field(span, 8);
            BinaryPrimitives.WriteDoubleBigEndian(span, double.IsFinite(entry.DurationMs) ? entry.DurationMs : 0);
            span = span[8..];
            Bytes(span, line);
            Count++;
            var day = ExecutionUuid.Day(entry.Key);
            if (!_days.Contains(day))
            {
                _days.Add(day);
            }
        }

        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), -1);
    }

    /// <summary>Each outcome's text, indexed by its value.</summary>
    private static byte[][] OutcomeTexts()
    {
        var values = Enum.GetValues<ExecutionOutcome>();
        var texts = new byte[values.Max(v => (int)v) + 1][];
        foreach (var value in values)
        {
            texts[(int)value] = Encoding.UTF8.GetBytes(value.ToString());
        }

        return texts;
    }

    private static Span<byte> Field(Span<byte> span, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        return span[4..];
    }

    private static Span<byte> Bytes(Span<byte> span, ReadOnlySpan<byte> value)
    {
        span = Field(span, value.Length);
        value.CopyTo(span);
        return span[value.Length..];
    }

    private byte[] FunctionId(string functionId)
    {
        if (!_functionIds.TryGetValue(functionId, out var bytes))
        {
            if (_functionIds.Count > 10_000)
            {
                _functionIds.Clear(); // a bound: function ids are few in practice
            }

            _functionIds[functionId] = bytes = Encoding.UTF8.GetBytes(functionId);
        }

        return bytes;
    }

    private void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
        }

        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }
}
