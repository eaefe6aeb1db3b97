using Poet.Translation;

namespace Poet;

/// <summary>
/// One execution someone judged: what should have happened (fire or stay silent), the learned values it ran with, and the
/// evidence its result carries. The trainer keeps choosing values that agree with as many of these as possible.
/// </summary>
/// <param name="ShouldFire">What the feedback says the execution should have done.</param>
/// <param name="Used">The learned values the execution ran with.</param>
/// <param name="Facts">What its result says (whether it fired, the score, the run length).</param>
/// <param name="Execution">The execution itself: what a replay needs (its recorded arguments); null when it is not at hand.</param>
internal sealed record LabelledExecution(bool ShouldFire, IReadOnlyDictionary<string, double> Used, ExecutionFacts Facts, ExecutionRecord? Execution = null)
{
    /// <summary>The label a verdict puts on an execution, or null when the verdict says nothing about firing.</summary>
    /// <param name="verdict">The feedback's verdict.</param>
    /// <param name="execution">The execution.</param>
    /// <param name="facts">What its result says.</param>
    /// <returns>The labelled execution, or null.</returns>
    public static LabelledExecution? From(FeedbackVerdict verdict, ExecutionRecord execution, ExecutionFacts facts)
    {
        bool? shouldFire = verdict switch
        {
            FeedbackVerdict.FalsePositive => false,
            FeedbackVerdict.FalseNegative => true,
            FeedbackVerdict.Correct => facts.Fired,
            _ => null,
        };
        return shouldFire is { } fire && facts.Fired is not null ? new LabelledExecution(fire, execution.LearnedParameters, facts, execution) : null;
    }
}
