namespace Poet;

/// <summary>A learnable parameter as declared by <see cref="LearnableAttribute"/> on a method parameter.</summary>
public sealed record LearnableParameterSpec
{
    /// <summary>The parameter's name.</summary>
    public required string Name { get; init; }

    /// <summary>The parameter's position in the method signature.</summary>
    public int Position { get; init; }

    /// <summary>The smallest allowed value.</summary>
    public required double Min { get; init; }

    /// <summary>The largest allowed value.</summary>
    public required double Max { get; init; }

    /// <summary>The value of version 1 (the parameter's declared default, or the middle of the bounds).</summary>
    public required double Default { get; init; }

    /// <summary>The initial trainer step.</summary>
    public required double Step { get; init; }

    /// <summary>The largest step one update may take.</summary>
    public required double MaxStep { get; init; }

    /// <summary>Whether the parameter is an integer type (values are rounded).</summary>
    public bool IsInteger { get; init; }

    /// <summary>
    /// Builds the spec of a parameter from its <see cref="LearnableAttribute"/>: version 1's value is the declared
    /// default (or the middle of the bounds, clamped); the initial step is the attribute's <c>Step</c>, else 20% of
    /// the default's magnitude (5% of the range for a zero default); the largest step is a quarter of the range,
    /// never less than the initial step.
    /// </summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="position">The parameter's position.</param>
    /// <param name="min">The attribute's <c>Min</c>.</param>
    /// <param name="max">The attribute's <c>Max</c>.</param>
    /// <param name="step">The attribute's <c>Step</c> (0 = choose one).</param>
    /// <param name="declaredDefault">The parameter's declared default value, if any.</param>
    /// <param name="isInteger">Whether the parameter is an integer type.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException">The bounds or step make no sense; the message says how to fix the attribute.</exception>
    public static LearnableParameterSpec Create(string name, int position, double min, double max, double step, double? declaredDefault, bool isInteger)
    {
        if (double.IsNaN(min) || double.IsNaN(max) || min >= max)
        {
            throw new ArgumentException(
                $"[Learnable] on parameter '{name}' needs Min < Max (got Min={min}, Max={max}); for example [Learnable(Min = 0.1, Max = 10)].", name);
        }

        if (double.IsNaN(step) || step < 0)
        {
            throw new ArgumentException($"[Learnable] on parameter '{name}' has Step={step}; use a positive step or leave it 0 to let POET choose.", name);
        }

        var range = max - min;
        if (double.IsInfinity(range))
        {
            throw new ArgumentException(
                $"[Learnable] on parameter '{name}' must set finite Min and Max, for example [Learnable(Min = 0.1, Max = 10)].", name);
        }

        var value = Math.Clamp(declaredDefault ?? (min + (range / 2)), min, max);
        var initialStep = step > 0 ? step : Math.Abs(value) > 1e-12 ? Math.Abs(value) * 0.2 : range * 0.05;
        initialStep = Math.Min(initialStep, range / 4);
        if (isInteger)
        {
            value = Math.Round(value, MidpointRounding.AwayFromZero);
            initialStep = Math.Max(1, Math.Round(initialStep, MidpointRounding.AwayFromZero));
        }

        return new LearnableParameterSpec
        {
            Name = name,
            Position = position,
            Min = min,
            Max = max,
            Default = value,
            Step = initialStep,
            MaxStep = Math.Max(initialStep, range / 4),
            IsInteger = isInteger,
        };
    }

    /// <summary>Clamps <paramref name="value"/> to the bounds (and rounds it for integer parameters).</summary>
    /// <param name="value">A candidate value.</param>
    /// <returns>The value inside [<see cref="Min"/>, <see cref="Max"/>].</returns>
    public double Clamp(double value)
    {
        if (double.IsNaN(value))
        {
            return Default;
        }

        var clamped = Math.Clamp(value, Min, Max);
        return IsInteger ? Math.Round(clamped, MidpointRounding.AwayFromZero) : clamped;
    }
}
