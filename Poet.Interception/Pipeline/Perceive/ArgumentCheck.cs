namespace Poet.Interception;

/// <summary>One compiled Perceive check of one parameter, built once per function.</summary>
/// <param name="position">The parameter's position.</param>
/// <param name="parameterName">The parameter's name.</param>
/// <param name="rule">The rule's short name, for example <c>not-null</c>.</param>
internal abstract class ArgumentCheck(int position, string parameterName, string rule)
{
    /// <summary>The parameter's position.</summary>
    public int Position { get; } = position;

    /// <summary>The parameter's name.</summary>
    public string ParameterName { get; } = parameterName;

    /// <summary>The rule's short name.</summary>
    public string Rule { get; } = rule;

    /// <summary>The check as written in the function's plan, for example <c>threshold: range</c>.</summary>
    public string Description => $"{ParameterName}: {Rule}";

    /// <summary>Checks one argument.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>Null when the argument is fine; otherwise what is wrong and how to fix the call.</returns>
    public abstract string? Validate(object? value);
}
