using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Poet;

/// <summary>
/// Enforce rule: a numeric result, or a result object's public double/float properties whose names contain
/// "score", must be finite.
/// </summary>
public sealed class FiniteScoreRule : IResultRule
{
    private static readonly ConcurrentDictionary<Type, ScoreProperty[]> ScoreProperties = new();

    /// <inheritdoc />
    public string Name => "finite-score";

    /// <inheritdoc />
    public bool AppliesTo(Type resultType)
    {
        ArgumentNullException.ThrowIfNull(resultType);
        return resultType == typeof(double) || resultType == typeof(float) || FindScoreProperties(resultType).Length > 0;
    }

    /// <inheritdoc />
    public string? Validate(object? result)
    {
        switch (result)
        {
            case null:
                return null;
            case double d:
                return double.IsFinite(d) ? null : $"Result broke rule 'finite-score': the score is {d}.";
            case float f:
                return float.IsFinite(f) ? null : $"Result broke rule 'finite-score': the score is {f}.";
        }

        foreach (var property in FindScoreProperties(result.GetType()))
        {
            var value = property.Read(result);
            if (!double.IsFinite(value))
            {
                return $"Result broke rule 'finite-score': {result.GetType().Name}.{property.Name} is {value}.";
            }
        }

        return null;
    }

    private static ScoreProperty[] FindScoreProperties(Type type) =>
        ScoreProperties.GetOrAdd(type, static t => [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null
                && (p.PropertyType == typeof(double) || p.PropertyType == typeof(float))
                && p.Name.Contains("score", StringComparison.OrdinalIgnoreCase))
            .Select(ScoreProperty.Compile)]);

    /// <summary>A score property with a compiled getter (no reflection or boxing per call).</summary>
    private sealed record ScoreProperty(string Name, Func<object, double> Read)
    {
        public static ScoreProperty Compile(PropertyInfo property)
        {
            var instance = Expression.Parameter(typeof(object), "instance");
            var read = Expression.Convert(Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), typeof(double));
            return new ScoreProperty(property.Name, Expression.Lambda<Func<object, double>>(read, instance).Compile());
        }
    }
}
