namespace Poet.AspNetCore;

/// <summary>One learnable parameter of a function (<c>GET /poet/functions/{id}/learnables</c>): its bounds and value.</summary>
public sealed record LearnableParameterResponse
{
    /// <summary>The parameter's name.</summary>
    public required string Name { get; init; }

    /// <summary>The smallest value learning may reach.</summary>
    public required double Min { get; init; }

    /// <summary>The largest value learning may reach.</summary>
    public required double Max { get; init; }

    /// <summary>The value of version 1 (the declared default).</summary>
    public required double Default { get; init; }

    /// <summary>The initial learning step.</summary>
    public required double Step { get; init; }

    /// <summary>Whether the parameter only takes whole numbers.</summary>
    public required bool IsInteger { get; init; }

    /// <summary>The current version's value, when it has one.</summary>
    public double? Value { get; init; }
}
