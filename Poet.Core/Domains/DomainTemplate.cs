namespace Poet;

/// <summary>
/// What POET knows about a domain: how people there phrase feedback, how each kind of feedback moves learnable
/// parameters, what learning optimizes, and the argument and result rules Perceive and Enforce add.
/// Register your own with <see cref="PoetOptions.AddDomain(DomainTemplate)"/>.
/// </summary>
public sealed class DomainTemplate
{
    /// <summary>The template's name, as used in <see cref="PoetAttribute.Domain"/> (case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>One line on what the domain is.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The objective learning serves, for example <c>F1 of alerts</c>.</summary>
    public string Objective { get; init; } = string.Empty;

    /// <summary>Phrases operators use for each verdict (read by the offline translator and given to an LLM).</summary>
    public IReadOnlyDictionary<FeedbackVerdict, IReadOnlyList<string>> Vocabulary { get; init; } =
        new Dictionary<FeedbackVerdict, IReadOnlyList<string>>();

    /// <summary>How each verdict moves parameters, matched by parameter name (first matching rule wins).</summary>
    public IReadOnlyList<ParameterDirectionRule> DirectionRules { get; init; } = [];

    /// <summary>Rules Perceive applies to arguments.</summary>
    public IReadOnlyList<IArgumentRule> ArgumentRules { get; init; } = [];

    /// <summary>Rules Enforce applies to results.</summary>
    public IReadOnlyList<IResultRule> ResultRules { get; init; } = [];
}

/// <summary>
/// For one verdict, the direction a parameter whose name contains <paramref name="NameContains"/> moves
/// (case-insensitive; <c>*</c> matches every parameter).
/// </summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="NameContains">A fragment of the parameter's name (for example <c>threshold</c>), or <c>*</c>.</param>
/// <param name="Direction">+1 up, -1 down.</param>
public sealed record ParameterDirectionRule(FeedbackVerdict Verdict, string NameContains, int Direction)
{
    /// <summary>Whether the rule matches a parameter name.</summary>
    /// <param name="parameterName">The learnable parameter's name.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(string parameterName) =>
        NameContains == "*" || parameterName.Contains(NameContains, StringComparison.OrdinalIgnoreCase);
}
