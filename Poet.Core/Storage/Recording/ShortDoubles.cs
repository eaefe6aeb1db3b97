using System.Buffers.Text;
using System.Text.Json;

namespace Poet;

/// <summary>
/// Writes doubles that have a short decimal form (at most 15 significant digits and 9 decimals, such as 0.25, 3.2,
/// 1500 or -12.125) without the general shortest round-trip algorithm, which is most of the cost of recording a series
/// of numbers: it scales by a power of ten, checks that the result is a whole number that divides back to the same
/// double, and prints that integer with a decimal point. The text is exactly what <see cref="Utf8JsonWriter"/> writes
/// (a number with at most 15 significant digits is the only such number that reads back as that double, so it is the
/// shortest); every other value (NaN, infinities, -0, very small or large magnitudes, long fractions) goes the general way.
/// </summary>
internal static class ShortDoubles
{
    private const int MaxDecimals = 9;

    /// <summary>Magnitudes from here on are written in exponent notation by .NET (and have too many digits for a long).</summary>
    private const double Largest = 1e15;

    /// <summary>Magnitudes below this are written in exponent notation by .NET.</summary>
    private const double Smallest = 1e-4;

    private static readonly double[] Powers = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>Writes a finite number as a JSON value.</summary>
    /// <param name="writer">The writer, where a value is expected.</param>
    /// <param name="value">A finite number.</param>
    public static void WriteValue(Utf8JsonWriter writer, double value)
    {
        Span<byte> text = stackalloc byte[32];
        if (TryFormat(value, text, out var length))
        {
            writer.WriteRawValue(text[..length], skipInputValidation: true);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>Formats <paramref name="value"/> when it has a short decimal form.</summary>
    /// <param name="value">The number.</param>
    /// <param name="destination">At least 32 bytes.</param>
    /// <param name="length">Bytes written.</param>
    /// <returns><see langword="false"/> when the value needs the general algorithm (nothing was written).</returns>
    public static bool TryFormat(double value, Span<byte> destination, out int length)
    {
        length = 0;
        var magnitude = Math.Abs(value);
        if (!(magnitude < Largest))
        {
            return false; // also NaN
        }

        if (magnitude < Smallest)
        {
            if (value == 0 && !double.IsNegative(value))
            {
                destination[0] = (byte)'0';
                length = 1;
                return true;
            }

            return false;
        }

        for (var decimals = 0; decimals <= MaxDecimals; decimals++)
        {
            var scaled = value * Powers[decimals];
            if (Math.Abs(scaled) >= Largest)
            {
                return false; // more than 15 significant digits
            }

            if (Math.Floor(scaled) == scaled && scaled / Powers[decimals] == value)
            {
                return Print((long)scaled, decimals, destination, out length);
            }
        }

        return false;
    }

    /// <summary>Prints <paramref name="scaled"/> / 10^<paramref name="decimals"/> in plain decimal notation, without trailing zeros.</summary>
    private static bool Print(long scaled, int decimals, Span<byte> destination, out int length)
    {
        while (decimals > 0 && scaled % 10 == 0)
        {
            scaled /= 10;
            decimals--;
        }

        var at = 0;
        if (scaled < 0)
        {
            destination[at++] = (byte)'-';
            scaled = -scaled;
        }

        Span<byte> digits = stackalloc byte[20];
        if (!Utf8Formatter.TryFormat((ulong)scaled, digits, out var count))
        {
            length = 0;
            return false;
        }

        if (decimals == 0)
        {
            digits[..count].CopyTo(destination[at..]);
            length = at + count;
            return true;
        }

        if (count > decimals)
        {
            var whole = count - decimals;
            digits[..whole].CopyTo(destination[at..]);
            at += whole;
            destination[at++] = (byte)'.';
            digits[whole..count].CopyTo(destination[at..]);
            length = at + decimals;
            return true;
        }

        destination[at++] = (byte)'0';
        destination[at++] = (byte)'.';
        for (var zeros = decimals - count; zeros > 0; zeros--)
        {
            destination[at++] = (byte)'0';
        }

        digits[..count].CopyTo(destination[at..]);
        length = at + count;
        return true;
    }
}
