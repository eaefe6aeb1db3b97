namespace Poet;

/// <summary>
/// How far a parameter moves, counted in its declared steps (<see cref="LearnableParameterSpec.Step"/>): the unit its
/// author chose as one meaningful change, so a persistence moving by 1 (step 1) and a threshold moving by 0.5 (step 0.5)
/// cost the same, whatever their ranges. Credit assignment and the agreement search prefer the least such cost.
/// </summary>
internal static class ParameterDistance
{
    /// <summary>The cost of moving <paramref name="p"/> from <paramref name="from"/> to <paramref name="to"/>, in its steps (in shares of its range when it has no positive step).</summary>
    /// <param name="p">The parameter.</param>
    /// <param name="from">The value it has.</param>
    /// <param name="to">The candidate value.</param>
    /// <returns>The cost, 0 or more.</returns>
    public static double Steps(LearnableParameterSpec p, double from, double to) =>
        Math.Abs(to - from) / (double.IsFinite(p.Step) && p.Step > 0 ? p.Step : p.Max - p.Min);
}
