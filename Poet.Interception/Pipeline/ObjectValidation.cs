using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Poet.Interception;

/// <summary>
/// DataAnnotations validation of whole objects (property attributes, class attributes and
/// <see cref="IValidatableObject"/>), shared by Perceive (argument objects) and Enforce (results). Whether a type
/// has anything to validate is decided once per type.
/// </summary>
internal static class ObjectValidation
{
    private static readonly ConcurrentDictionary<Type, bool> Validatable = new();

    /// <summary>Whether values of <paramref name="type"/> may carry DataAnnotations worth checking.</summary>
    /// <param name="type">A declared or runtime type.</param>
    /// <returns><see langword="true"/> when the type (or, for non-sealed types, possibly a derived type) has rules.</returns>
    public static bool MayHaveRules(Type type) =>
        !IsPlain(type) && (!type.IsSealed && !type.IsValueType || HasRules(type));

    /// <summary>Whether the runtime type has rules (cached per type).</summary>
    /// <param name="type">The runtime type.</param>
    /// <returns><see langword="true"/> when the type has validation attributes or implements <see cref="IValidatableObject"/>.</returns>
    public static bool HasRules(Type type) => Validatable.GetOrAdd(type, static t => !IsPlain(t) && Inspect(t));

    /// <summary>Validates an object; returns null when it is valid (or has no rules), else the problems joined.</summary>
    /// <param name="value">The object.</param>
    /// <returns>Null, or a description of every broken rule.</returns>
    public static string? Validate(object? value)
    {
        if (value is null || !HasRules(value.GetType()))
        {
            return null;
        }

        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            return null;
        }

        return string.Join("; ", results.Select(r => r.MemberNames.Any()
            ? $"{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"
            : r.ErrorMessage));
    }

    private static bool IsPlain(Type type) =>
        type.IsPrimitive || type.IsEnum || type.IsArray || type.IsPointer || type.IsByRef || type == typeof(string) || type == typeof(decimal)
        || type == typeof(object) || type == typeof(CancellationToken) || typeof(Delegate).IsAssignableFrom(type)
        || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true;

    private static bool Inspect(Type type)
    {
        if (typeof(IValidatableObject).IsAssignableFrom(type) || type.IsDefined(typeof(ValidationAttribute), inherit: true))
        {
            return true;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.IsDefined(typeof(ValidationAttribute), inherit: true))
            {
                return true;
            }
        }

        return false;
    }
}
