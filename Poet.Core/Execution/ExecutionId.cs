using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Poet;

/// <summary>
/// The id of one POET execution: 26 characters of Crockford base32, a 48-bit millisecond timestamp followed by
/// 80 random bits (the ULID layout). Ids sort by creation time and are unique across processes.
/// </summary>
public readonly struct ExecutionId : IEquatable<ExecutionId>, IComparable<ExecutionId>
{
    /// <summary>The length of every id's text.</summary>
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly string? _value;

    private ExecutionId(string value) => _value = value;

    /// <summary>The id's text (26 characters).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>When the execution started, decoded from the id's time prefix (millisecond precision).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(DecodeTime(Value));

    /// <summary>Creates a new id for the current time.</summary>
    public static ExecutionId New() => New(DateTimeOffset.UtcNow);

    /// <summary>Creates a new id for the given time (useful for tests and imports).</summary>
    /// <param name="time">The time to encode in the id's prefix.</param>
    public static ExecutionId New(DateTimeOffset time) => New(time, out _);

    /// <summary>Creates a new id for the given time, and the same id as a 128-bit number (what the recorder keeps).</summary>
    /// <param name="time">The time to encode in the id's prefix.</param>
    /// <param name="key">The id as a number: the 48-bit millisecond time, then the 80 random bits.</param>
    /// <returns>The id.</returns>
    internal static ExecutionId New(DateTimeOffset time, out UInt128 key)
    {
        ReadOnlySpan<byte> random = NextRandom();
        var ms = (ulong)time.ToUnixTimeMilliseconds() & ((1UL << 48) - 1);
        key = (new UInt128(ms, 0) << 16) | new UInt128(BitConverter.ToUInt16(random[8..]), BitConverter.ToUInt64(random));
        return FromKey(key);
    }

    /// <summary>The id whose number is <paramref name="key"/> (see <see cref="New(DateTimeOffset, out UInt128)"/>).</summary>
    /// <param name="key">The id as a number.</param>
    /// <returns>The id.</returns>
    internal static ExecutionId FromKey(UInt128 key) => new(string.Create(Length, key, static (chars, key) =>
    {
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(key & 31)];
            key >>= 5;
        }
    }));

    /// <summary>Writes the id whose number is <paramref name="key"/> as its 26 ASCII characters.</summary>
    /// <param name="key">The id as a number.</param>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    internal static void WriteAscii(UInt128 key, Span<byte> destination)
    {
        for (var i = Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)Alphabet[(int)(key & 31)];
            key >>= 5;
        }
    }

    /// <summary>Wraps the text of an id that is known to be valid (it came from <see cref="Value"/>).</summary>
    /// <param name="value">The id's text.</param>
    /// <returns>The id.</returns>
    internal static ExecutionId FromValid(string value) => new(value);

    /// <summary>Parses an id's text.</summary>
    /// <param name="value">The 26-character id, as printed by <see cref="ToString"/>.</param>
    /// <exception cref="FormatException">The text is not an execution id; the message says what is expected.</exception>
    public static ExecutionId Parse(string value)
    {
        if (TryParse(value, out var id))
        {
            return id;
        }

        throw new FormatException(
            $"'{Truncate(value)}' is not a POET execution id: expected {Length} characters of Crockford base32 " +
            "(0-9, A-Z without I, L, O, U), such as the ExecutionId returned by a POET call or PoetContext.LastExecutionId.");
    }

    /// <summary>Tries to parse an id's text; case-insensitive.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="id">The parsed id, when the text is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out ExecutionId id)
    {
        id = default;
        if (value is null || value.Length != Length)
        {
            return false;
        }

        Span<char> upper = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            var c = char.ToUpperInvariant(value[i]);
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }

            upper[i] = c;
        }

        // The first character holds only the top 3 bits of the 48-bit timestamp (values 0-7).
        if (Alphabet.IndexOf(upper[0], StringComparison.Ordinal) > 7)
        {
            return false;
        }

        id = new ExecutionId(new string(upper));
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ExecutionId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ExecutionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public int CompareTo(ExecutionId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The id's text.</summary>
    /// <returns>The 26-character id.</returns>
    public override string ToString() => Value;

    /// <summary>Equality of two ids.</summary>
    public static bool operator ==(ExecutionId left, ExecutionId right) => left.Equals(right);

    /// <summary>Inequality of two ids.</summary>
    public static bool operator !=(ExecutionId left, ExecutionId right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> was created before <paramref name="right"/>.</summary>
    public static bool operator <(ExecutionId left, ExecutionId right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> was created after <paramref name="right"/>.</summary>
    public static bool operator >(ExecutionId left, ExecutionId right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> was created no later than <paramref name="right"/>.</summary>
    public static bool operator <=(ExecutionId left, ExecutionId right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> was created no earlier than <paramref name="right"/>.</summary>
    public static bool operator >=(ExecutionId left, ExecutionId right) => left.CompareTo(right) >= 0;

    // RandomNumberGenerator.Fill costs a system call (microseconds on some hosts) whatever its size, so each thread
    // takes its 10 random bytes per id from a 4 KB buffer of cryptographic randomness, refilled ~400 ids at a time.
    [ThreadStatic]
    private static byte[]? _randomBuffer;

    [ThreadStatic]
    private static int _randomOffset;

    private static ReadOnlySpan<byte> NextRandom()
    {
        const int Size = 4096;
        var buffer = _randomBuffer;
        if (buffer is null || _randomOffset + 10 > Size)
        {
            buffer ??= _randomBuffer = new byte[Size];
            RandomNumberGenerator.Fill(buffer);
            _randomOffset = 0;
        }

        var random = buffer.AsSpan(_randomOffset, 10);
        _randomOffset += 10;
        return random;
    }

    private static long DecodeTime(string value)
    {
        if (value.Length != Length)
        {
            return 0;
        }

        long ms = 0;
        for (var i = 0; i < 10; i++)
        {
            ms = (ms << 5) | (long)Alphabet.IndexOf(value[i], StringComparison.Ordinal);
        }

        return ms;
    }

    private static string Truncate(string? value) =>
        value is null ? "null" : value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "...");
}
