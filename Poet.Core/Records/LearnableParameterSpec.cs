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
