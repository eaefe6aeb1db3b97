using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Poet;

/// <summary>
/// The id of one POET execution: 26 characters of Crockford base32, a 48-bit millisecond timestamp followed by
/// 80 random bits (the ULID layout). Ids sort by creation time and are unique across processes.
/// </summary>
/// <remarks>
/// The id is kept as its 128-bit number; its text is made when someone reads <see cref="Value"/> or
/// <see cref="ToString"/>, so a POET call that nobody asks for its id's text never builds it.
/// </remarks>
public readonly struct ExecutionId : IEquatable<ExecutionId>, IComparable<ExecutionId>
{
    /// <summary>The length of every id's text.</summary>
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // The number in two halves (not a UInt128, whose 16-byte alignment would make the struct 32 bytes), and whether
    // the id was made at all: default(ExecutionId) has no id and an empty Value.
    private readonly ulong _upper;
    private readonly ulong _lower;
    private readonly bool _made;

    private ExecutionId(UInt128 key)
    {
        _upper = (ulong)(key >> 64);
        _lower = (ulong)key;
        _made = true;
    }

    /// <summary>The id's text (26 characters); empty for <c>default(ExecutionId)</c>.</summary>
    public string Value => _made ? Text(Key) : string.Empty;

    /// <summary>When the execution started, decoded from the id's time prefix (millisecond precision).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(_made ? (long)(_upper >> 16) : 0);

    /// <summary>The id as a number: the 48-bit millisecond time, then the 80 random bits (0 for a default id).</summary>
    internal UInt128 Key => new(_upper, _lower);

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
        key = NewKey(time.ToUnixTimeMilliseconds());
        return new ExecutionId(key);
    }

    /// <summary>A new id's number for the given Unix millisecond time (no text is made).</summary>
    /// <param name="unixMilliseconds">The time to encode in the id's prefix.</param>
    /// <returns>The id as a number.</returns>
    internal static UInt128 NewKey(long unixMilliseconds)
    {
        ReadOnlySpan<byte> random = NextRandom();
        var ms = (ulong)unixMilliseconds & ((1UL << 48) - 1);
        return (new UInt128(ms, 0) << 16) | new UInt128(BitConverter.ToUInt16(random[8..]), BitConverter.ToUInt64(random));
    }

    /// <summary>The id whose number is <paramref name="key"/> (see <see cref="New(DateTimeOffset, out UInt128)"/>).</summary>
    /// <param name="key">The id as a number.</param>
    /// <returns>The id.</returns>
    internal static ExecutionId FromKey(UInt128 key) => new(key);

    /// <summary>The id's number, unless this is <c>default(ExecutionId)</c>.</summary>
    /// <param name="key">The id as a number.</param>
    /// <returns><see langword="false"/> for a default id.</returns>
    internal bool TryGetKey(out UInt128 key)
    {
        key = Key;
        return _made;
    }

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

        var key = UInt128.Zero;
        for (var i = 0; i < Length; i++)
        {
            var digit = Alphabet.IndexOf(char.ToUpperInvariant(value[i]), StringComparison.Ordinal);
            if (digit < 0 || (i == 0 && digit > 7))
            {
                return false; // not base32, or a first character above 7 (it holds only the top 3 bits of the time)
            }

            key = (key << 5) | (uint)digit;
        }

        id = new ExecutionId(key);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ExecutionId other) => _made == other._made && _upper == other._upper && _lower == other._lower;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ExecutionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_upper, _lower, _made);

    /// <inheritdoc />
    /// <remarks>The order of the ids' texts (base32 digits sort like their values): by time, then by the random part; a default id first.</remarks>
    public int CompareTo(ExecutionId other) => _made != other._made ? _made.CompareTo(other._made) : Key.CompareTo(other.Key);

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

    private static string Text(UInt128 key) => string.Create(Length, key, static (chars, key) =>
    {
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(key & 31)];
            key >>= 5;
        }
    });

    private static string Truncate(string? value) =>
        value is null ? "null" : value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "...");
}
