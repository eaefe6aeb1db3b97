using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// Writes the parts of an execution line (arguments, learned values, result, error) straight into the batch's UTF-8
/// buffer: property names from bytes encoded once, numbers, booleans, plain short strings and series of finite numbers
/// by hand. Any other value goes through the <see cref="SafeValueWriter"/> on a <see cref="Utf8JsonWriter"/> started
/// at the buffer's end for that one value. The text is the one <see cref="Utf8JsonWriter"/> gives for the same values
/// (same escaping, same numbers; checked by a test), so lines read as before with <c>cat</c>, <c>jq</c> and the store.
/// One per writer thread; not thread-safe.
/// </summary>
internal sealed class LineWriter
{
    private const int MaxKeptNames = 4096;

    /// <summary>Slots of the small table of names seen last, found by the name object's identity (a power of two).</summary>
    private const int RecentNames = 32;

    /// <summary>The ASCII characters the log's encoder writes as they are (printable, not a quote or backslash, ...).</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => !JavaScriptEncoder.UnsafeRelaxedJsonEscaping.WillEncode(c))]);

    private readonly PooledBufferWriter _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly SafeValueWriter _values;
    private readonly RecordedValueLimits _limits;
    private readonly Dictionary<string, byte[]> _names = new(StringComparer.Ordinal);
    private readonly string?[] _recentNames = new string?[RecentNames];
    private readonly byte[][] _recentEncoded = new byte[RecentNames][];
    private bool _comma;

    /// <summary>Creates the writer over a batch's buffer and JSON writer.</summary>
    /// <param name="buffer">The batch's buffer.</param>
    /// <param name="json">A JSON writer over <paramref name="buffer"/>, for values written defensively.</param>
    /// <param name="values">The defensive writer.</param>
    /// <param name="limits">The recorded value limits (<see cref="Value"/> writes within them by hand).</param>
    public LineWriter(PooledBufferWriter buffer, Utf8JsonWriter json, SafeValueWriter values, RecordedValueLimits limits)
    {
        _buffer = buffer;
        _json = json;
        _values = values;
        _limits = limits;
    }

    /// <summary>The encoded form of a property name as this writer writes it: <c>"name":</c> (escaped like the JSON writer escapes it).</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The bytes, quotes and colon included.</returns>
    public static byte[] EncodeName(string name)
    {
        var encoded = JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var bytes = new byte[encoded.Length + 3];
        bytes[0] = (byte)'"';
        encoded.CopyTo(bytes.AsSpan(1));
        bytes[^2] = (byte)'"';
        bytes[^1] = (byte)':';
        return bytes;
    }

    /// <summary>Starts an object (<c>{</c>).</summary>
    public void StartObject()
    {
        Raw("{"u8);
        _comma = false;
    }

    /// <summary>Ends an object (<c>}</c>).</summary>
    public void EndObject() => Raw("}"u8);

    /// <summary>Writes a property name given as <see cref="EncodeName"/> bytes, after a comma unless it is the object's first.</summary>
    /// <param name="encoded">The encoded name.</param>
    public void PropertyName(ReadOnlySpan<byte> encoded)
    {
        var span = _buffer.GetSpan(encoded.Length + 1);
        var at = 0;
        if (_comma)
        {
            span[at++] = (byte)',';
        }

        encoded.CopyTo(span[at..]);
        _buffer.Advance(at + encoded.Length);
        _comma = true;
    }

    /// <summary>
    /// Writes a property name (encoded once per name and kept). The same name objects come back record after record
    /// (a version's learned values, an argument dictionary's keys), so a name is first looked up by identity, without
    /// hashing its text.
    /// </summary>
    /// <param name="name">The name.</param>
    public void PropertyName(string name)
    {
        var slot = RuntimeHelpers.GetHashCode(name) & (RecentNames - 1);
        if (ReferenceEquals(_recentNames[slot], name))
        {
            PropertyName(_recentEncoded[slot]);
            return;
        }

        if (!_names.TryGetValue(name, out var encoded))
        {
            if (_names.Count >= MaxKeptNames)
            {
                _names.Clear();
            }

            encoded = EncodeName(name);
            _names[name] = encoded;
        }

        _recentNames[slot] = name;
        _recentEncoded[slot] = encoded;
        PropertyName(encoded);
    }

    /// <summary>Writes learned values as properties (without enumerator boxing for the usual dictionary).</summary>
    /// <param name="values">The values by parameter name.</param>
    public void Learned(IReadOnlyDictionary<string, double> values)
    {
        if (values is Dictionary<string, double> dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                PropertyName(name);
                Number(value);
            }

            return;
        }

        foreach (var (name, value) in values)
        {
            PropertyName(name);
            Number(value);
        }
    }

    /// <summary>Writes a number; non-finite ones as strings, as the log always has (JSON has no NaN or infinity).</summary>
    /// <param name="value">The number.</param>
    public void Number(double value)
    {
        if (!double.IsFinite(value))
        {
            String(value.ToString(CultureInfo.InvariantCulture));
            return;
        }

        _buffer.Advance(ShortDoubles.FormatAny(value, _buffer.GetSpan(ShortDoubles.MaxLength)));
    }

    /// <summary>Writes a whole number.</summary>
    /// <param name="value">The number.</param>
    public void Number(long value)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(value, _buffer.GetSpan(20), out var written);
        _buffer.Advance(written);
    }

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    public void Boolean(bool value) => Raw(value ? "true"u8 : "false"u8);

    /// <summary>Writes <c>null</c>.</summary>
    public void Null() => Raw("null"u8);

    /// <summary>Writes finite numbers as one array; writes nothing when one is not finite (the defensive writer spells those out).</summary>
    /// <param name="values">The numbers.</param>
    /// <returns><see langword="false"/> when a number is not finite (nothing was written).</returns>
    public bool TryNumbers(ReadOnlySpan<double> values)
    {
        foreach (var d in values)
        {
            if (!double.IsFinite(d))
            {
                return false;
            }
        }

        var span = _buffer.GetSpan(2 + (values.Length * (ShortDoubles.MaxLength + 1)));
        var at = 0;
        span[at++] = (byte)'[';
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
            }

            at += ShortDoubles.FormatAny(values[i], span[at..]);
        }

        span[at++] = (byte)']';
        _buffer.Advance(at);
        return true;
    }

    /// <summary>Writes a string in full (no length limit), by hand when it is plain ASCII.</summary>
    /// <param name="value">The string.</param>
    public void String(string value)
    {
        if (!IsPlain(value))
        {
            _json.Reset(_buffer);
            _json.WriteStringValue(value);
            EndJson();
            return;
        }

        Plain(value);
    }

    /// <summary>
    /// Writes any value within the recorded value limits: numbers, booleans, plain strings and series of finite numbers
    /// by hand, everything else through the defensive writer.
    /// </summary>
    /// <param name="value">The value.</param>
    public void Value(object? value)
    {
        switch (value)
        {
            case null:
                Null();
                return;
            case double d:
                Number(d);
                return;
            case int i:
                Number(i);
                return;
            case long l:
                Number(l);
                return;
            case bool b:
                Boolean(b);
                return;
            case string s when s.Length <= _limits.MaxStringChars && IsPlain(s):
                Plain(s);
                return;
            case double[] series when series.Length <= _limits.MaxItems && TryNumbers(series):
                return;
            default:
                SafeValue(value);
                return;
        }
    }

    /// <summary>Whether a string is written as it is (printable ASCII the encoder leaves alone).</summary>
    private static bool IsPlain(string value) => value.AsSpan().IndexOfAnyExcept(PlainAscii) < 0;

    /// <summary>Writes a plain string (<see cref="IsPlain"/>) between quotes.</summary>
    private void Plain(string value)
    {
        var span = _buffer.GetSpan(value.Length + 2);
        span[0] = (byte)'"';
        Encoding.ASCII.GetBytes(value, span[1..]);
        span[value.Length + 1] = (byte)'"';
        _buffer.Advance(value.Length + 2);
    }

    /// <summary>Writes a value through the defensive writer (never throws for the value's sake; applies the limits).</summary>
    /// <param name="value">The value.</param>
    public void SafeValue(object? value)
    {
        _json.Reset(_buffer);
        _values.WriteValue(_json, value);
        EndJson();
    }

    /// <summary>Writes a value already serialized as JSON, as it is.</summary>
    /// <param name="json">One complete JSON value.</param>
    public void RawValue(ReadOnlySpan<byte> json) => Raw(json);

    /// <summary>Copies bytes into the line.</summary>
    /// <param name="bytes">The bytes.</param>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    /// <summary>Puts the JSON writer's value into the buffer; a value left incomplete fails the line.</summary>
    private void EndJson()
    {
        var written = _json.BytesCommitted + _json.BytesPending; // counted from the Reset that started the value
        _json.Flush();
        if (_json.CurrentDepth != 0 || written == 0)
        {
            throw new InvalidOperationException("A recorded value was written incompletely (nothing, or an unclosed object or array).");
        }
    }
}
