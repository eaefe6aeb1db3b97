namespace Poet.Interception;

/// <summary>Writes one recorded value kept by reference.</summary>
/// <param name="line">The line, where a value is expected.</param>
/// <param name="value">The value.</param>
internal delegate void ValueWriter(LineWriter line, object? value);

/// <summary>
/// Value writers chosen once per declared type for values a record keeps by reference (numbers and booleans are
/// copied into the record as <see cref="Scalar"/>s instead): small numeric arrays are written directly, up to the
/// method's own item limit; anything else goes through <see cref="LineWriter.Value"/>, which writes plain values by
/// hand and the rest through the defensive writer (never throws, applies the recorded value limits).
/// </summary>
internal static class ValueWriters
{
    private static readonly ValueWriter Any = static (line, value) => line.Value(value);

    /// <summary>The writer for values declared as <paramref name="type"/>.</summary>
    /// <param name="type">The declared type.</param>
    /// <param name="maxItems">Arrays with more items are summarized by the defensive writer.</param>
    /// <returns>The writer.</returns>
    public static ValueWriter For(Type type, int maxItems)
    {
        if (type == typeof(double[]))
        {
            return (line, value) =>
            {
                if (value is double[] array && array.Length <= maxItems && line.TryNumbers(array))
                {
                    return;
                }

                line.SafeValue(value);
            };
        }

        return Any;
    }
}
