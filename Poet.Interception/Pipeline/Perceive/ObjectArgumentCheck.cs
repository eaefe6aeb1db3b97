namespace Poet.Interception;

/// <summary>
/// Validates an argument object whose type carries DataAnnotations on its properties or implements
/// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> (a request DTO, for example).
/// </summary>
internal sealed class ObjectArgumentCheck(int position, string parameterName)
    : ArgumentCheck(position, parameterName, "data-annotations")
{
    /// <inheritdoc />
    public override string? Validate(object? value)
    {
        var problems = ObjectValidation.Validate(value);
        return problems is null
            ? null
            : $"Parameter '{ParameterName}' broke rule 'data-annotations': {problems}. Fix those members of the argument before the call.";
    }
}
