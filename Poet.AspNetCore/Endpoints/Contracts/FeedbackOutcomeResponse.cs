namespace Poet.AspNetCore;

/// <summary>What one piece of feedback did (<c>POST /poet/feedback</c>).</summary>
public sealed record FeedbackOutcomeResponse
{
    /// <summary>The execution the feedback was about.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The function the execution belongs to.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The learning signal the feedback was translated to.</summary>
    public required LearningSignalResponse Signal { get; init; }

    /// <summary>The version this feedback wrote, or null when nothing changed.</summary>
    public int? NewVersion { get; init; }

    /// <summary>The parameter changes in <see cref="NewVersion"/>.</summary>
    public required IReadOnlyList<ParameterChange> Changes { get; init; }
}
