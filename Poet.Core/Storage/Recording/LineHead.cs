using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// Writes the fixed head of an execution line straight into UTF-8 bytes: <c>{"id":"…","functionId":"…","version":…,
/// "startedAt":"…","durationMs":…,"attempts":…,"outcome":"…","arguments":</c>. Property names are constants, the id
/// is ASCII by construction, function ids are encoded once and kept, numbers and the date are formatted without a
/// JSON writer. The text is the one <see cref="Utf8JsonWriter"/> gives for the same fields (same escaping of the
/// function id, the same trimmed ISO 8601 date, the same numbers).
/// </summary>
internal sealed class LineHead
{
    /// <summary>The longest head apart from the function id.</summary>
    public const int MaxFixedLength = 256;

    private const int MaxKeptFunctionIds = 4096;

    /// <summary>The length of <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    private const int DateSecondLength = 19;

    private readonly Dictionary<string, byte[]> _functionIds = new(StringComparer.Ordinal);
    private string? _lastFunctionId;
    private byte[] _lastFunctionIdBytes = [];

    /// <summary>The second (in clock ticks / <see cref="TimeSpan.TicksPerSecond"/>) and offset whose text is kept below.</summary>
    private long _dateSecond = long.MinValue;
    private TimeSpan _dateOffset;
    private readonly byte[] _dateSecondText = new byte[DateSecondLength];
    private readonly byte[] _dateZoneText = new byte[16];
    private int _dateZoneLength;

    /// <summary>The function id as it appears between quotes in a line (escaped like the JSON writer escapes it).</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The encoded bytes.</returns>
    public ReadOnlySpan<byte> FunctionId(string functionId)
    {
        if (ReferenceEquals(functionId, _lastFunctionId))
        {
            return _lastFunctionIdBytes;
        }

        if (!_functionIds.TryGetValue(functionId, out var bytes))
        {
            if (_functionIds.Count >= MaxKeptFunctionIds)
            {
                _functionIds.Clear();
            }

            bytes = JsonEncodedText.Encode(functionId, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.ToArray();
            _functionIds[functionId] = bytes;
        }

        _lastFunctionId = functionId;
        _lastFunctionIdBytes = bytes;
        return bytes;
    }

    /// <summary>Writes the head up to and including <c>"arguments":</c>.</summary>
    /// <typeparam name="T">The kind of record.</typeparam>
    /// <param name="record">The record.</param>
    /// <param name="key">The record's id as a number.</param>
    /// <param name="functionId">The encoded function id (<see cref="FunctionId"/>).</param>
    /// <param name="destination">At least <see cref="MaxFixedLength"/> plus the function id's length.</param>
    /// <returns>Bytes written.</returns>
    public int Write<T>(T record, UInt128 key, ReadOnlySpan<byte> functionId, Span<byte> destination)
        where T : IExecutionParts
    {
        var at = Append(destination, 0, ExecutionLine.Prefix);
        ExecutionId.WriteAscii(key, destination[at..]);
        at += ExecutionId.Length;
        at = Append(destination, at, "\",\"functionId\":\""u8);
        at = Append(destination, at, functionId);
        at = Append(destination, at, "\",\"version\":"u8);
        Utf8Formatter.TryFormat(record.Version, destination[at..], out var written);
        at += written;
        at = Append(destination, at, ",\"startedAt\":\""u8);
        at += FormatDate(record.StartedAt, destination[at..]);
        at = Append(destination, at, "\",\"durationMs\":"u8);
        at += FormatNumber(record.DurationMs, destination[at..]);
        at = Append(destination, at, ",\"attempts\":"u8);
        Utf8Formatter.TryFormat(record.Attempts, destination[at..], out written);
        at += written;
        at = Append(destination, at, ",\"outcome\":\""u8);
        at = Append(destination, at, ExecutionLine.OutcomeText(record.Outcome).EncodedUtf8Bytes);
        return Append(destination, at, "\",\"arguments\":"u8);
    }

    /// <summary>
    /// Formats a date as the JSON writer does: ISO 8601 round-trip form with the fraction's trailing zeros trimmed. The
    /// text up to the second and the offset are kept from the last date (records of one batch start within the same
    /// few seconds); only the fraction is formatted per record.
    /// </summary>
    private int FormatDate(DateTimeOffset value, Span<byte> destination)
    {
        var ticks = value.Ticks;
        var second = ticks / TimeSpan.TicksPerSecond;
        if (second != _dateSecond || value.Offset != _dateOffset)
        {
            Span<byte> text = stackalloc byte[64];
            Utf8Formatter.TryFormat(value, text, out var length, new System.Buffers.StandardFormat('O'));
            if (length < DateSecondLength + 8 || text[DateSecondLength] != (byte)'.' || length - DateSecondLength - 8 > _dateZoneText.Length)
            {
                return FormatDateText(value, destination); // not the expected form: no shortcut
            }

            text[..DateSecondLength].CopyTo(_dateSecondText);
            _dateZoneLength = length - DateSecondLength - 8;
            text[(DateSecondLength + 8)..length].CopyTo(_dateZoneText);
            _dateSecond = second;
            _dateOffset = value.Offset;
        }

        _dateSecondText.CopyTo(destination);
        var at = DateSecondLength;
        var fraction = (int)(ticks - (second * TimeSpan.TicksPerSecond));
        if (fraction != 0)
        {
            destination[at++] = (byte)'.';
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            for (var i = digits - 1; i >= 0; i--)
            {
                destination[at + i] = (byte)('0' + (fraction % 10));
                fraction /= 10;
            }

            at += digits;
        }

        _dateZoneText.AsSpan(0, _dateZoneLength).CopyTo(destination[at..]);
        return at + _dateZoneLength;
    }

    /// <summary>Formats a date with the runtime's round-trip form and trims the fraction's trailing zeros.</summary>
    private static int FormatDateText(DateTimeOffset value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var length, new System.Buffers.StandardFormat('O'));

        // "yyyy-MM-ddTHH:mm:ss.fffffff" then the offset: drop the fraction's trailing zeros (and the point when all are).
        const int FractionStart = 20;
        const int FractionEnd = FractionStart + 7;
        if (length < FractionEnd || destination[FractionStart - 1] != (byte)'.')
        {
            return length;
        }

        var keep = FractionEnd;
        while (keep > FractionStart && destination[keep - 1] == (byte)'0')
        {
            keep--;
        }

        if (keep == FractionStart)
        {
            keep--; // no fraction at all: drop the point too
        }

        if (keep == FractionEnd)
        {
            return length;
        }

        destination[FractionEnd..length].CopyTo(destination[keep..]);
        return keep + (length - FractionEnd);
    }

    /// <summary>A number as <see cref="ExecutionLine.WriteDouble(Utf8JsonWriter, JsonEncodedText, double)"/> writes it (non-finite ones as strings).</summary>
    private static int FormatNumber(double value, Span<byte> destination)
    {
        if (double.IsFinite(value))
        {
            return ShortDoubles.FormatAny(value, destination);
        }

        destination[0] = (byte)'"';
        var length = 1 + Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture), destination[1..]);
        destination[length] = (byte)'"';
        return length + 1;
    }

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }
}
