using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet.Interception;

/// <summary>Writes one recorded value; the <see cref="SafeValueWriter"/> serves whatever a compiled writer does not cover.</summary>
/// <param name="writer">The JSON writer, where a value is expected.</param>
/// <param name="value">The value.</param>
/// <param name="values">The defensive writer.</param>
internal delegate void ValueWriter(Utf8JsonWriter writer, object? value, SafeValueWriter values);

/// <summary>
/// Value writers chosen once per declared type: numbers, booleans and small numeric arrays are written directly;
/// anything else (and any value that does not match its declared type, is not finite, or is too long to keep in full)
/// goes through the <see cref="SafeValueWriter"/>, which never throws and applies the recorded value limits.
/// </summary>
internal static class ValueWriters
{
    private static readonly ValueWriter Safe = static (writer, value, values) => values.WriteValue(writer, value);

    /// <summary>The writer for values declared as <paramref name="type"/>.</summary>
    /// <param name="type">The declared type.</param>
    /// <param name="maxItems">Arrays with more items are summarized by the safe writer.</param>
    /// <returns>The writer.</returns>
    public static ValueWriter For(Type type, int maxItems)
    {
        if (type == typeof(double))
        {
            return static (writer, value, values) =>
            {
                if (value is double d && double.IsFinite(d))
                {
                    ShortDoubles.WriteValue(writer, d);
                }
                else
                {
                    values.WriteValue(writer, value);
                }
            };
        }

        if (type == typeof(int))
        {
            return static (writer, value, values) =>
            {
                if (value is int i)
                {
                    writer.WriteNumberValue(i);
                }
                else
                {
                    values.WriteValue(writer, value);
                }
            };
        }

        if (type == typeof(long))
        {
            return static (writer, value, values) =>
            {
                if (value is long l)
                {
                    writer.WriteNumberValue(l);
                }
                else
                {
                    values.WriteValue(writer, value);
                }
            };
        }

        if (type == typeof(bool))
        {
            return static (writer, value, values) =>
            {
                if (value is bool b)
                {
                    writer.WriteBooleanValue(b);
                }
                else
                {
                    values.WriteValue(writer, value);
                }
            };
        }

        if (type == typeof(double[]))
        {
            return (writer, value, values) =>
            {
                if (value is double[] array && array.Length <= maxItems && WriteFinite(writer, array))
                {
                    return;
                }

                values.WriteValue(writer, value);
            };
        }

        return Safe;
    }

    private static bool WriteFinite(Utf8JsonWriter writer, double[] array)
    {
        foreach (var d in array)
        {
            if (!double.IsFinite(d))
            {
                return false; // the safe writer spells non-finite numbers out
            }
        }

        ShortDoubles.WriteArray(writer, array);
        return true;
    }
}
