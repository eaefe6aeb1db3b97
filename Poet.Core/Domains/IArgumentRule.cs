namespace Poet;

/// <summary>A domain rule Perceive applies to arguments (for example: a numeric series must be non-empty and finite).</summary>
public interface IArgumentRule
{
    /// <summary>The rule's short name, for example <c>finite-series</c>.</summary>
    string Name { get; }

    /// <summary>Whether the rule applies to a parameter of this type (decided once per function, not per call).</summary>
    /// <param name="parameterType">The parameter's declared type.</param>
    /// <returns><see langword="true"/> when the rule should check arguments of this type.</returns>
    bool AppliesTo(Type parameterType);

    /// <summary>Checks one argument.</summary>
    /// <param name="parameterName">The parameter's name (for the message).</param>
    /// <param name="value">The argument.</param>
    /// <returns>Null when the argument is fine; otherwise a message saying what is wrong and how to fix the call.</returns>
    string? Validate(string parameterName, object? value);
}
