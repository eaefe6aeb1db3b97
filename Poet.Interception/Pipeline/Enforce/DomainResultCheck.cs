namespace Poet.Interception;

/// <summary>Applies a domain template's <see cref="IResultRule"/> (for example <c>finite-score</c>) to results.</summary>
internal sealed class DomainResultCheck(IResultRule rule) : ResultCheck(rule.Name)
{
    /// <inheritdoc />
    public override string? Validate(object? result) => rule.Validate(result);
}
