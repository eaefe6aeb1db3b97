namespace DriftDetection.Detection;

/// <summary>
/// The detector's fixed scoring shape: how the baseline window is summarized and which deviations score. Not learned: one
/// shape per run (<c>--baseline</c>, <c>--direction</c>); the oracles score with the same shape.
/// </summary>
/// <param name="Baseline">The baseline summary.</param>
/// <param name="Direction">Which deviations score.</param>
public readonly record struct ScoreShape(Baseline Baseline = Baseline.Mean, Direction Direction = Direction.Both)
{
    /// <summary>The shape the demo ships (README "Learning on real data" says why).</summary>
    public static ScoreShape Default { get; } = new(Baseline.Mean, Direction.Both);

    /// <summary>For the console: <c>mean, both directions</c>.</summary>
    public override string ToString() => $"{Baseline.ToString().ToLowerInvariant()} baseline, {Direction switch
    {
        Direction.Up => "rises only",
        Direction.Down => "drops only",
        _ => "both directions",
    }}";
}
