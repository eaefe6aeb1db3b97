using System.Buffers.Text;
using System.Numerics;

namespace Poet;

/// <summary>
/// The shortest text that reads back as the same double, in the form .NET writes it (<see cref="Utf8Formatter"/>,
/// <see cref="System.Text.Json.Utf8JsonWriter"/>, <c>ToString("R")</c>: plain notation when the first digit's power of ten
/// is from -4 to 16, else <c>d.dddE+XX</c>), found with Giulietti's Schubfach method: one 126-bit multiplication per
/// bound picks the digits directly, where the runtime's general path takes a few hundred nanoseconds for numbers with
/// 16-17 significant digits (measurements and random values). Subnormal numbers go to <see cref="Utf8Formatter"/>.
/// </summary>
/// <remarks>
/// Hand-written: no package served here formats doubles faster than the runtime. The algorithm is from R. Giulietti,
/// "The Schubfach way to render doubles" (2020); the tables of 10^-k are computed once from exact integers.
/// </remarks>
internal static class ShortestDoubleText
{
    /// <summary>The longest text of one number: sign, 17 digits, point, "E+308".</summary>
    public const int MaxLength = 32;

    private const int SignificandBits = 52;
    private const ulong HiddenBit = 1UL << SignificandBits;
    private const ulong SignificandMask = HiddenBit - 1;
    private const int ExponentBias = 1075; // q = biased exponent - 1075 for c with the hidden bit
    private const ulong Low63 = (1UL << 63) - 1;

    /// <summary>10^-k as g = floor(10^-k * 2^-r) + 1 (126 bits: g1 the high 63, g0 the low 63) with r = floor(log2 10^-k) - 125.</summary>
    private static readonly PowerOfTen[] Powers = BuildPowers();

    private const int MinK = -324; // k for the smallest normal q, with margin
    private const int MaxK = 292;

    /// <summary>Formats a finite double.</summary>
    /// <param name="value">A finite number.</param>
    /// <param name="destination">At least <see cref="MaxLength"/> bytes.</param>
    /// <returns>Bytes written.</returns>
    public static int Format(double value, Span<byte> destination)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var at = 0;
        if ((long)bits < 0)
        {
            destination[at++] = (byte)'-';
        }

        var biased = (int)((bits >> SignificandBits) & 0x7FF);
        var fraction = bits & SignificandMask;
        if (biased == 0)
        {
            if (fraction == 0)
            {
                destination[at++] = (byte)'0';
                return at;
            }

            Utf8Formatter.TryFormat(value, destination, out var written); // subnormal: rare, the runtime's way
            return written;
        }

        var c = HiddenBit | fraction;
        var q = biased - ExponentBias;

        // A whole number below 2^53: its digits are the number itself.
        var shift = -q;
        if (shift is > 0 and < 53 && (c >> shift) << shift == c)
        {
            return at + Print(c >> shift, 0, destination[at..]);
        }

        var (digits, exponent) = ToDecimal(q, c);
        return at + Print(digits, exponent, destination[at..]);
    }

    /// <summary>The shortest decimal f * 10^e in the rounding interval of c * 2^q, closest to it (ties to even f).</summary>
    private static (ulong Digits, int Exponent) ToDecimal(int q, ulong c)
    {
        var odd = (int)(c & 1); // an even significand's interval includes its bounds (round half to even on reading)
        var cb = c << 2;
        var cbr = cb + 2;
        ulong cbl;
        int k;
        if (c != HiddenBit || q == 1 - ExponentBias)
        {
            cbl = cb - 2;
            k = FloorLog10Pow2(q);
        }
        else
        {
            cbl = cb - 1; // the interval below a power of two is half as wide
            k = FloorLog10ThreeQuartersPow2(q);
        }

        ref readonly var g = ref Powers[IndexOf(-k)];
        var h = q + g.FloorLog2 + 2;
        var vb = RoundToOdd(g, cb << h);
        var vbl = RoundToOdd(g, cbl << h);
        var vbr = RoundToOdd(g, cbr << h);

        var s = vb >> 2;
        if (s >= 100)
        {
            // One digit fewer, if either neighbour with a trailing zero lies in the interval.
            var sp10 = 10 * (s / 10);
            var tp10 = sp10 + 10;
            var upIn = vbl + (ulong)odd <= sp10 << 2;
            var wpIn = (tp10 << 2) + (ulong)odd <= vbr;
            if (upIn != wpIn)
            {
                return (upIn ? sp10 : tp10, k);
            }
        }

        var t = s + 1;
        var uIn = vbl + (ulong)odd <= s << 2;
        var wIn = (t << 2) + (ulong)odd <= vbr;
        if (uIn != wIn)
        {
            return (uIn ? s : t, k);
        }

        // Both (or neither) in the interval: the closer one, ties to even.
        var cmp = (long)(vb - ((s + t) << 1));
        return (cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t, k);
    }

    /// <summary>floor(g * cp / 2^127), its lowest bit set when the division was not exact (round to odd).</summary>
    private static ulong RoundToOdd(in PowerOfTen g, ulong cp)
    {
        var x1 = Math.BigMul(g.Low, cp, out _);
        var y1 = Math.BigMul(g.High, cp, out var y0);
        var z = (y0 >> 1) + x1;
        var vbp = y1 + (z >> 63);
        return vbp | (((z & Low63) + Low63) >> 63);
    }

    /// <summary>floor(q * log10(2)) for |q| up to 1,100 and more (checked against exact powers in the tests).</summary>
    internal static int FloorLog10Pow2(int q) => (int)((q * 661_971_961_083L) >> 41);

    /// <summary>floor(log10(3/4 * 2^q)) in the same range.</summary>
    internal static int FloorLog10ThreeQuartersPow2(int q) => (int)(((q * 661_971_961_083L) - 274_743_187_321L) >> 41);

    private static int IndexOf(int power) => power + MaxK;

    /// <summary>Writes digits * 10^exponent as .NET does: trailing zeros dropped, plain from 1e-5 (exclusive) to 1e17, else exponent form.</summary>
    private static int Print(ulong digits, int exponent, Span<byte> destination)
    {
        if (digits != 0)
        {
            DropTrailingZeros(ref digits, ref exponent, 100_000_000, 8);
            DropTrailingZeros(ref digits, ref exponent, 10_000, 4);
            DropTrailingZeros(ref digits, ref exponent, 100, 2);
            DropTrailingZeros(ref digits, ref exponent, 10, 1);
        }

        Span<byte> text = stackalloc byte[20];
        Utf8Formatter.TryFormat(digits, text, out var count);

        ReadOnlySpan<byte> number = text[..count];
        var leading = count - 1 + exponent; // the first digit's power of ten
        var at = 0;
        if (leading is > -5 and < 17)
        {
            if (exponent >= 0)
            {
                number.CopyTo(destination);
                at = count;
                destination.Slice(at, exponent).Fill((byte)'0');
                return at + exponent;
            }

            var whole = count + exponent;
            if (whole > 0)
            {
                number[..whole].CopyTo(destination);
                destination[whole] = (byte)'.';
                number[whole..].CopyTo(destination[(whole + 1)..]);
                return count + 1;
            }

            destination[at++] = (byte)'0';
            destination[at++] = (byte)'.';
            destination.Slice(at, -whole).Fill((byte)'0');
            at += -whole;
            number.CopyTo(destination[at..]);
            return at + count;
        }

        destination[at++] = number[0];
        if (count > 1)
        {
            destination[at++] = (byte)'.';
            number[1..].CopyTo(destination[at..]);
            at += count - 1;
        }

        destination[at++] = (byte)'E';
        destination[at++] = leading < 0 ? (byte)'-' : (byte)'+';
        var power = Math.Abs(leading);
        if (power >= 100)
        {
            destination[at++] = (byte)('0' + (power / 100));
            power %= 100;
        }

        destination[at++] = (byte)('0' + (power / 10));
        destination[at++] = (byte)('0' + (power % 10));
        return at;
    }

    private static void DropTrailingZeros(ref ulong digits, ref int exponent, ulong power, int zeros)
    {
        // At most 17 digits: 10^8 can divide twice, the smaller powers once after the larger ones took their share.
        while (digits % power == 0)
        {
            digits /= power;
            exponent += zeros;
        }
    }

    private static PowerOfTen[] BuildPowers()
    {
        var powers = new PowerOfTen[MaxK - MinK + 1];
        for (var power = -MaxK; power <= -MinK; power++)
        {
            // g = floor(10^power * 2^-r) + 1 with r = floor(log2 10^power) - 125, so 2^125 <= g - 1 < 2^126.
            BigInteger g;
            int floorLog2;
            if (power >= 0)
            {
                var ten = BigInteger.Pow(10, power);
                floorLog2 = (int)(ten.GetBitLength() - 1);
                var r = floorLog2 - 125;
                g = (r >= 0 ? ten >> r : ten << -r) + 1;
            }
            else
            {
                var ten = BigInteger.Pow(10, -power);
                floorLog2 = -(int)ten.GetBitLength(); // 10^-n is never a power of two, so floor(log2) = -bitlength
                var r = floorLog2 - 125;
                g = (BigInteger.One << -r) / ten + 1;
            }

            powers[IndexOf(power)] = new PowerOfTen((ulong)(g >> 63), (ulong)(g & Low63), floorLog2);
        }

        return powers;
    }

    /// <summary>One entry of the table: g's high and low 63 bits and floor(log2 10^power).</summary>
    private readonly record struct PowerOfTen(ulong High, ulong Low, int FloorLog2);
}
