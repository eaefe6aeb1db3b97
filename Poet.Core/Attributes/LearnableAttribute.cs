namespace Poet;

/// <summary>
/// Marks a numeric method parameter as learned by POET: each call receives the current version's value
/// (version 1: the parameter's declared default), whatever the caller passed.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class LearnableAttribute : Attribute
{
    /// <summary>The smallest value training may set.</summary>
    public double Min { get; set; } = double.MinValue;

    /// <summary>The largest value training may set.</summary>
    public double Max { get; set; } = double.MaxValue;

    /// <summary>The initial training step; 0 (default) lets POET choose one from the bounds.</summary>
    public double Step { get; set; }
}
