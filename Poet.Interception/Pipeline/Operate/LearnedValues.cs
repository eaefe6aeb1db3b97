namespace Poet.Interception;

/// <summary>
/// The learned parameter values of one function version, converted once into boxed arguments so that applying
/// them costs no allocation per call.
/// </summary>
internal sealed class LearnedValues
{
    private LearnedValues(FunctionVersion? source, int version, object[] arguments, IReadOnlyDictionary<string, double> values)
    {
        Source = source;
        Version = version;
        Arguments = arguments;
        Values = values;
    }

    /// <summary>The catalog's version object these values came from (null for the declared defaults).</summary>
    public FunctionVersion? Source { get; }

    /// <summary>The version number recorded with each execution.</summary>
    public int Version { get; }

    /// <summary>Boxed arguments, one per learnable slot, in slot order.</summary>
    public object[] Arguments { get; }

    /// <summary>The values by parameter name, as recorded with each execution.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>Version 1's values: every parameter at its declared default.</summary>
    /// <param name="slots">The function's learnable slots.</param>
    /// <returns>The values.</returns>
    public static LearnedValues Defaults(LearnableSlot[] slots) => Build(null, 1, slots);

    /// <summary>The values of a catalog version (missing or out-of-bounds values fall back to the default / the bounds).</summary>
    /// <param name="version">The version.</param>
    /// <param name="slots">The function's learnable slots.</param>
    /// <returns>The values.</returns>
    public static LearnedValues From(FunctionVersion version, LearnableSlot[] slots) => Build(version, version.Version, slots);

    private static LearnedValues Build(FunctionVersion? version, int number, LearnableSlot[] slots)
    {
        var arguments = new object[slots.Length];
        var values = new Dictionary<string, double>(slots.Length, StringComparer.Ordinal);
        for (var i = 0; i < slots.Length; i++)
        {
            var spec = slots[i].Spec;
            var raw = version is not null && version.Parameters.TryGetValue(spec.Name, out var learned) ? learned : spec.Default;
            arguments[i] = slots[i].Box(raw);
            values[spec.Name] = spec.Clamp(raw);
        }

        return new LearnedValues(version, number, arguments, values);
    }
}
