namespace Poet;

/// <summary>
/// How a function learns (<c>train.json</c>, the C# form of the seed's generated <c>train.py</c>): its learnable
/// parameters, the map from feedback issues to parameter directions, the objective and the step rules.
/// </summary>
public sealed record TrainSpec
{
    /// <summary>The function id.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The domain template the map came from.</summary>
    public string Domain { get; init; } = "generic";

    /// <summary>The objective learning serves (for example <c>F1 of alerts</c>).</summary>
    public string Objective { get; init; } = string.Empty;

    /// <summary>The learnable parameters with bounds and steps.</summary>
    public IReadOnlyList<LearnableParameterSpec> Parameters { get; init; } = [];

    /// <summary>For each verdict, how each parameter moves: +1 up, -1 down (missing = unaffected).</summary>
    public IReadOnlyDictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>> IssueMap { get; init; } =
        new Dictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>>();

    /// <summary>Where <see cref="IssueMap"/> came from: <c>domain-template</c> or <c>llm</c>.</summary>
    public string MapSource { get; init; } = "domain-template";

    /// <summary>The factor a step grows by while feedback keeps pushing the same way (Rprop η+).</summary>
    public double StepIncrease { get; init; } = 1.2;

    /// <summary>The factor a step shrinks by when feedback flips direction (Rprop η-).</summary>
    public double StepDecrease { get; init; } = 0.5;
}
