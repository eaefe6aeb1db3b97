using System.Buffers;
using System.Text.Json;

namespace Poet;

/// <summary>
/// Writes doubles that have a short decimal form (at most 15 significant digits and 9 decimals, such as 0.25, 3.2,
/// 1500 or -12.125) without the general shortest round-trip algorithm, which is most of the cost of recording a series
/// of numbers: it scales by a power of ten, checks that the result is a whole number that divides back to the same
/// double, and prints that integer with a decimal point. The text is exactly what <see cref="Utf8JsonWriter"/> writes
/// (a number with at most 15 significant digits is the only such number that reads back as that double, so it is the
/// shortest); every other finite value (-0, very small or large magnitudes, long fractions) goes to
/// <see cref="ShortestDoubleText"/>, which writes the shortest round-trip text in the same form.
/// </summary>
internal static class ShortDoubles
{
    private const int MaxDecimals = 9;

    /// <summary>Magnitudes from here on are written in exponent notation by .NET (and have too many digits for a long).</summary>
    private const double Largest = 1e15;

    /// <summary>Magnitudes below this are written in exponent notation by .NET.</summary>
    private const double Smallest = 1e-4;

    private static readonly double[] Powers = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>The longest text of one number (general form: sign, 17 digits, point, exponent).</summary>
    public const int MaxLength = ShortestDoubleText.MaxLength;

    /// <summary>Writes a finite number as a JSON value.</summary>
    /// <param name="writer">The writer, where a value is expected.</param>
    /// <param name="value">A finite number.</param>
    public static void WriteValue(Utf8JsonWriter writer, double value)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        writer.WriteRawValue(text[..FormatAny(value, text)], skipInputValidation: true);
    }

    /// <summary>
    /// Writes finite numbers as one JSON array in a single raw write (the JSON writer's per-value work is most of the cost
    /// of a short series); the text is what writing each number with <see cref="Utf8JsonWriter"/> gives.
    /// </summary>
    /// <param name="writer">The writer, where a value is expected.</param>
    /// <param name="values">Finite numbers (the caller checks).</param>
    public static void WriteArray(Utf8JsonWriter writer, ReadOnlySpan<double> values)
    {
        const int StackItems = 32;
        var size = 2 + (values.Length * (MaxLength + 1));
        byte[]? rented = null;
        var text = values.Length <= StackItems ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var at = 0;
            text[at++] = (byte)'[';
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    text[at++] = (byte)',';
                }

                at += FormatAny(values[i], text[at..]);
            }

            text[at++] = (byte)']';
            writer.WriteRawValue(text[..at], skipInputValidation: true);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Formats a finite number as <see cref="Utf8JsonWriter"/> would (short form when there is one, else the shortest round-trip form).</summary>
    /// <remarks>Where the runtime's text does not read back as the same number (a few powers of two), this one does.</remarks>
    /// <param name="value">A finite number.</param>
    /// <param name="destination">At least <see cref="MaxLength"/> bytes.</param>
    /// <returns>Bytes written.</returns>
    public static int FormatAny(double value, Span<byte> destination)
    {
        if (TryFormat(value, destination, out var length))
        {
            return length;
        }

        return ShortestDoubleText.Format(value, destination);
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

        if (Math.Floor(value) == value)
        {
            return Print((long)value, 0, destination, out length); // a whole number: exact, no need to divide back
        }

        for (var decimals = 1; decimals <= MaxDecimals; decimals++)
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

        var digits = CountDigits((ulong)scaled);

        // Plain notation: the whole part (at least "0"), then the point and the decimals (zero-padded on the left).
        var wholeDigits = Math.Max(digits - decimals, 1);
        length = at + wholeDigits + (decimals > 0 ? 1 + decimals : 0);
        var end = length;
        var rest = (ulong)scaled;
        for (var i = 0; i < decimals; i++)
        {
            var next = rest / 10;
            destination[--end] = (byte)('0' + (int)(rest - (next * 10)));
            rest = next;
        }

        if (decimals > 0)
        {
            destination[--end] = (byte)'.';
        }

        do
        {
            var next = rest / 10;
            destination[--end] = (byte)('0' + (int)(rest - (next * 10)));
            rest = next;
        }
        while (end > at);

        return true;
    }

    private static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
