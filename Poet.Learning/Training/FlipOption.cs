namespace Poet;

/// <summary>One way to flip an execution's outcome: move one parameter to a target.</summary>
/// <param name="Name">The parameter.</param>
/// <param name="Direction">+1 up, -1 down.</param>
/// <param name="Target">The value that flips the outcome.</param>
/// <param name="Cost">How far that is, as a share of the parameter's range.</param>
/// <param name="Because">The evidence, for example <c>Score = 4.2</c>.</param>
/// <param name="Feasible">Whether the target lies within the parameter's bounds.</param>
internal sealed record FlipOption(string Name, int Direction, double Target, double Cost, string Because, bool Feasible);
