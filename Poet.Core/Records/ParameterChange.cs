namespace Poet;

/// <summary>One learned parameter's change in a new version.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="OldValue">Its value in the parent version.</param>
/// <param name="NewValue">Its value in the new version.</param>
public sealed record ParameterChange(string Name, double OldValue, double NewValue);
