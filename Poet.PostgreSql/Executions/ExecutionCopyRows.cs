using System.Buffers.Binary;
using System.Text;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// A batch of executions encoded as one PostgreSQL binary COPY stream for <see cref="ExecutionCopy.Columns"/>: the
/// header, one tuple per execution (its id as a uuid, the function id, the record's JSON line as <c>text</c>, copied
/// from the recorder's buffer as it is) and the trailer, in one reused buffer. Written by hand rather than field by
/// field through Npgsql's <c>NpgsqlBinaryImporter</c>: a batch is thousands of rows of three fixed-type fields, and the
/// per-field type resolution and buffer checks of the general importer cost more CPU than the copying (measured: see
/// the README's PostgreSQL figures). Function ids are encoded once and reused; the buffer grows to the largest batch
/// and is kept.
/// </summary>
internal sealed class ExecutionCopyRows
{
    private const short FieldCount = 3;
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
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
        var lastDay = long.MinValue;
        string? lastFunction = null;
        var functionId = Array.Empty<byte>();
        foreach (ref readonly var entry in batch.Entries)
        {
            var line = lines.Slice(entry.LineStart, entry.LineLength);
            if (line.Length > 0 && line[^1] == (byte)'\n')
            {
                line = line[..^1];
            }

            if (!ReferenceEquals(entry.FunctionId, lastFunction))
            {
                lastFunction = entry.FunctionId;
                functionId = FunctionId(lastFunction);
            }

            var span = Reserve(2 + (4 + 16) + (4 + functionId.Length) + (4 + line.Length));
            BinaryPrimitives.WriteInt16BigEndian(span, FieldCount);
            BinaryPrimitives.WriteInt32BigEndian(span[2..], 16);
            BinaryPrimitives.WriteUInt128BigEndian(span[6..], entry.Key);
            span = Bytes(span[22..], functionId);
            Bytes(span, line);
            Count++;
            var day = ExecutionUuid.Day(entry.Key);
            if (day != lastDay && !_days.Contains(day))
            {
                _days.Add(day);
            }

            lastDay = day;
        }

        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), -1);
    }

    private static Span<byte> Bytes(Span<byte> span, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(span, value.Length);
        value.CopyTo(span[4..]);
        return span[(4 + value.Length)..];
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
