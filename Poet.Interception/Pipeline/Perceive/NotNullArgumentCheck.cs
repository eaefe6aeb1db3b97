namespace Poet.Interception;

/// <summary>Rejects null for a reference parameter the interface declares non-nullable.</summary>
internal sealed class NotNullArgumentCheck(int position, string parameterName, string typeName)
    : ArgumentCheck(position, parameterName, "not-null")
{
    /// <inheritdoc />
    public override string? Validate(object? value) =>
        value is not null
            ? null
            : $"Parameter '{ParameterName}' must not be null (rule 'not-null'). Pass a {typeName}, or declare the parameter as {typeName}? if null is allowed.";
}
