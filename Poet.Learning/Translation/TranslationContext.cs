namespace Poet;

/// <summary>What a translator knows when it reads a piece of feedback.</summary>
public sealed record TranslationContext
{
    /// <summary>The normalized feedback.</summary>
    public required NormalizedFeedback Feedback { get; init; }

    /// <summary>The execution the feedback is about (arguments already redacted).</summary>
    public required ExecutionRecord Execution { get; init; }

    /// <summary>The function's plan.</summary>
    public required FunctionPlan Plan { get; init; }

    /// <summary>The function's train spec (learnable parameters, bounds, issue map).</summary>
    public required TrainSpec TrainSpec { get; init; }

    /// <summary>The function's current version (current learned values).</summary>
    public required FunctionVersion Current { get; init; }

    /// <summary>The function's domain template.</summary>
    public required DomainTemplate Domain { get; init; }
}
