using System.ComponentModel.DataAnnotations;

namespace Poet.Interception;

/// <summary>Applies one <see cref="ValidationAttribute"/> declared on a parameter (<c>[Range]</c>, <c>[Required]</c>, ...).</summary>
internal sealed class AnnotationArgumentCheck(int position, string parameterName, ValidationAttribute attribute)
    : ArgumentCheck(position, parameterName, RuleName(attribute))
{
    /// <inheritdoc />
    public override string? Validate(object? value)
    {
        if (!attribute.RequiresValidationContext)
        {
            return attribute.IsValid(value) ? null : Message(attribute.FormatErrorMessage(ParameterName));
        }

        var context = new ValidationContext(value ?? new object()) { DisplayName = ParameterName, MemberName = ParameterName };
        var result = attribute.GetValidationResult(value, context);
        return result == ValidationResult.Success || result is null ? null : Message(result.ErrorMessage ?? attribute.FormatErrorMessage(ParameterName));
    }

    /// <summary>The rule name of an attribute: its type name without <c>Attribute</c>, in kebab case (<c>string-length</c>).</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The rule name.</returns>
    public static string RuleName(ValidationAttribute attribute)
    {
        var name = attribute.GetType().Name;
        if (name.EndsWith("Attribute", StringComparison.Ordinal))
        {
            name = name[..^"Attribute".Length];
        }

        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private string Message(string detail) =>
        $"Parameter '{ParameterName}' broke rule '{Rule}': {detail} Pass a value that satisfies the [{Shorten(attribute.GetType().Name)}] on the parameter.";

    private static string Shorten(string typeName) =>
        typeName.EndsWith("Attribute", StringComparison.Ordinal) ? typeName[..^"Attribute".Length] : typeName;
}
