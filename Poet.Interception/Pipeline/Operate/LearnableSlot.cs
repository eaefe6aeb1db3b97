using System.Globalization;

namespace Poet.Interception;

/// <summary>A <see cref="LearnableAttribute"/> parameter: where it sits, its spec, and how to turn a learned value into its type.</summary>
internal sealed class LearnableSlot
{
    private static readonly Type[] Numeric =
    [
        typeof(double), typeof(float), typeof(decimal), typeof(int), typeof(long), typeof(short), typeof(byte),
        typeof(uint), typeof(ulong), typeof(ushort), typeof(sbyte),
    ];

    private readonly Type _type;

    private LearnableSlot(LearnableParameterSpec spec, Type type)
    {
        Spec = spec;
        _type = type;
    }

    /// <summary>The parameter's spec (bounds, default, step).</summary>
    public LearnableParameterSpec Spec { get; }

    /// <summary>The parameter's position.</summary>
    public int Position => Spec.Position;

    /// <summary>Builds the slot of a parameter marked <see cref="LearnableAttribute"/>.</summary>
    /// <param name="functionId">The function id (for messages).</param>
    /// <param name="parameter">The parameter.</param>
    /// <param name="attribute">Its attribute.</param>
    /// <returns>The slot.</returns>
    /// <exception cref="InvalidOperationException">The parameter is not numeric or the bounds make no sense.</exception>
    public static LearnableSlot Create(string functionId, System.Reflection.ParameterInfo parameter, LearnableAttribute attribute)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (Array.IndexOf(Numeric, type) < 0 || parameter.ParameterType.IsByRef)
        {
            throw new InvalidOperationException(
                $"[Learnable] on parameter '{parameter.Name}' of {functionId} needs a numeric type (double, float, decimal, int, long, ...); it is {FunctionIds.TypeName(parameter.ParameterType)}.");
        }

        double? declared = parameter.HasDefaultValue && parameter.DefaultValue is not null and not DBNull
            ? Convert.ToDouble(parameter.DefaultValue, CultureInfo.InvariantCulture)
            : null;
        var isInteger = type != typeof(double) && type != typeof(float) && type != typeof(decimal);
        if (declared is { } value && (value < attribute.Min || value > attribute.Max))
        {
            throw new InvalidOperationException(
                $"[Learnable] on parameter '{parameter.Name}' of {functionId}: its default {value.ToString(CultureInfo.InvariantCulture)} is outside " +
                $"Min={attribute.Min.ToString(CultureInfo.InvariantCulture)}, Max={attribute.Max.ToString(CultureInfo.InvariantCulture)}, so version 1 could not use it. " +
                "Change the default or the bounds so that Min <= default <= Max.");
        }

        try
        {
            var spec = LearnableParameterSpec.Create(parameter.Name ?? $"arg{parameter.Position}", parameter.Position, attribute.Min, attribute.Max, attribute.Step, declared, isInteger);
            return new LearnableSlot(spec, type);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{functionId}: {ex.Message}", ex);
        }
    }

    /// <summary>Converts a learned value (clamped to the bounds) to a boxed argument of the parameter's type.</summary>
    /// <param name="value">The learned value.</param>
    /// <returns>The boxed argument.</returns>
    public object Box(double value) => Convert.ChangeType(Spec.Clamp(value), _type, CultureInfo.InvariantCulture);
}
