using System.Collections;
using System.Runtime.InteropServices;

namespace Poet;

/// <summary>Perceive rule: a numeric series (array or list of double/float/decimal/int/long) must be non-empty and finite.</summary>
public sealed class FiniteSeriesRule : IArgumentRule
{
    /// <inheritdoc />
    public string Name => "finite-series";

    /// <inheritdoc />
    public bool AppliesTo(Type parameterType)
    {
        ArgumentNullException.ThrowIfNull(parameterType);
        var element = parameterType.IsArray
            ? parameterType.GetElementType()
            : parameterType.IsGenericType && typeof(IEnumerable).IsAssignableFrom(parameterType) ? parameterType.GetGenericArguments()[0] : null;
        return element is not null && (element == typeof(double) || element == typeof(float) || element == typeof(decimal) || element == typeof(int) || element == typeof(long));
    }

    /// <inheritdoc />
    public string? Validate(string parameterName, object? value)
    {
        switch (value)
        {
            case null:
                return null; // null-ness is the not-null rule's business
            case double[] doubles:
                return Check(parameterName, doubles);
            case float[] floats:
                if (floats.Length == 0)
                {
                    return Empty(parameterName);
                }

                for (var i = 0; i < floats.Length; i++)
                {
                    if (!float.IsFinite(floats[i]))
                    {
                        return NotFinite(parameterName, i, floats[i]);
                    }
                }

                return null;
            case List<double> list:
                return Check(parameterName, CollectionsMarshal.AsSpan(list));
            case IEnumerable<double> sequence:
                return Check(parameterName, [.. sequence]);
            case IEnumerable<float> sequence:
                return Check(parameterName, [.. sequence.Select(f => (double)f)]);
            case ICollection collection:
                return collection.Count == 0 ? Empty(parameterName) : null;
            default:
                return null;
        }
    }

    private static string? Check(string parameterName, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return Empty(parameterName);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return NotFinite(parameterName, i, values[i]);
            }
        }

        return null;
    }

    private static string Empty(string parameterName) =>
        $"Parameter '{parameterName}' broke rule 'finite-series': the series is empty. Pass at least one value.";

    private static string NotFinite(string parameterName, int index, double value) =>
        $"Parameter '{parameterName}' broke rule 'finite-series': element [{index}] is {value}. " +
        "Remove or impute NaN and infinite values before the call.";
}
