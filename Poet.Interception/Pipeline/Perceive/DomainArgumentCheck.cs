namespace Poet.Interception;

/// <summary>Applies a domain template's <see cref="IArgumentRule"/> (for example <c>finite-series</c>) to one parameter.</summary>
internal sealed class DomainArgumentCheck(int position, string parameterName, IArgumentRule rule)
    : ArgumentCheck(position, parameterName, rule.Name)
{
    /// <inheritdoc />
    public override string? Validate(object? value) => rule.Validate(ParameterName, value);
}
