namespace Poet.Interception;

/// <summary>Validates a result object's DataAnnotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>.</summary>
internal sealed class AnnotationResultCheck : ResultCheck
{
    /// <summary>The shared instance (the check has no state).</summary>
    public static readonly AnnotationResultCheck Instance = new();

    private AnnotationResultCheck()
        : base("data-annotations")
    {
    }

    /// <inheritdoc />
    public override string? Validate(object? result)
    {
        var problems = ObjectValidation.Validate(result);
        return problems is null ? null : $"Result broke rule 'data-annotations': {problems}.";
    }
}
