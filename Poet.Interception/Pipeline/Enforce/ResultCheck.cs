namespace Poet.Interception;

/// <summary>One compiled Enforce check of a function's result, built once per function.</summary>
/// <param name="rule">The rule's short name, for example <c>finite-score</c>.</param>
internal abstract class ResultCheck(string rule)
{
    /// <summary>The rule's short name.</summary>
    public string Rule { get; } = rule;

    /// <summary>Checks one result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>Null when the result is fine; otherwise what is wrong with it.</returns>
    public abstract string? Validate(object? result);
}
