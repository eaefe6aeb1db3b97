using System.Text.Json;

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

    /// <summary>True when feedback with the same idempotency key had been applied before: nothing was applied again.</summary>
    public bool AlreadyApplied { get; init; }

    /// <summary>The feedback's id (derived from its idempotency key).</summary>
    public string? FeedbackId { get; init; }

    /// <summary>
    /// The HTTP shape of a <see cref="FeedbackOutcome"/>: ids as strings, the verdict as a camelCase string. Use it
    /// to answer feedback in your own controllers the same way <c>POST /poet/feedback</c> does.
    /// </summary>
    /// <param name="outcome">The outcome returned by <see cref="IPoetFeedback"/>.</param>
    /// <returns>The response.</returns>
    public static FeedbackOutcomeResponse From(FeedbackOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new FeedbackOutcomeResponse
        {
            ExecutionId = outcome.ExecutionId.Value,
            FunctionId = outcome.FunctionId,
            Signal = new LearningSignalResponse
            {
                Verdict = JsonNamingPolicy.CamelCase.ConvertName(outcome.Signal.Verdict.ToString()),
                Issue = outcome.Signal.Issue,
                Adjustments = outcome.Signal.Adjustments,
                Confidence = outcome.Signal.Confidence,
                Rationale = outcome.Signal.Rationale,
                Translator = outcome.Signal.Translator,
            },
            NewVersion = outcome.NewVersion,
            Changes = outcome.Changes,
            AlreadyApplied = outcome.AlreadyApplied,
            FeedbackId = outcome.FeedbackId,
        };
    }
}
