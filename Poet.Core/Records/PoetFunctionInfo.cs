namespace Poet;

/// <summary>A POET function as seen through <see cref="IPoetFunctions"/>.</summary>
public sealed record PoetFunctionInfo
{
    /// <summary>The function id.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The current version.</summary>
    public required int CurrentVersion { get; init; }

    /// <summary>The current version's learned parameter values.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>All versions written, ascending.</summary>
    public required IReadOnlyList<int> Versions { get; init; }
}
