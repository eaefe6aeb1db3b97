namespace Poet;

/// <summary>A domain rule Enforce applies to results (for example: a score must be finite).</summary>
public interface IResultRule
{
    /// <summary>The rule's short name, for example <c>finite-score</c>.</summary>
    string Name { get; }

    /// <summary>Whether the rule applies to results of this type (decided once per function, not per call).</summary>
    /// <param name="resultType">The method's result type (the <c>T</c> of <c>Task&lt;T&gt;</c>).</param>
    /// <returns><see langword="true"/> when the rule should check results of this type.</returns>
    bool AppliesTo(Type resultType);

    /// <summary>Checks one result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>Null when the result is fine; otherwise what is wrong with it.</returns>
    string? Validate(object? result);
}
