namespace Poet;

/// <summary>The built-in <c>ml_monitoring</c> domain: drift and anomaly detectors whose alerts operators judge.</summary>
public static class MlMonitoringDomain
{
    /// <summary>The template's name.</summary>
    public const string Name = "ml_monitoring";

    /// <summary>The template.</summary>
    public static DomainTemplate Template { get; } = new()
    {
        Name = Name,
        Description = "ML and metric monitoring: drift and anomaly detectors that raise alerts operators judge.",
        Objective = "F1 of alerts (precision: no false alarms; recall: no missed events)",
        Vocabulary = new Dictionary<FeedbackVerdict, IReadOnlyList<string>>
        {
            [FeedbackVerdict.FalsePositive] = ["false alarm", "false positive", "fp", "noise", "noisy", "not an anomaly", "not drift", "paged for nothing", "alert fatigue", "too sensitive", "too many alerts", "spurious", "seasonal", "expected", "normal"],
            [FeedbackVerdict.FalseNegative] = ["missed", "false negative", "fn", "didn't fire", "did not alert", "should have alerted", "not sensitive enough", "too late", "outage", "incident", "undetected"],
            [FeedbackVerdict.Correct] = ["correct", "good catch", "right", "accurate", "true positive", "well done", "useful", "spot on"],
            [FeedbackVerdict.TooSlow] = ["slow", "took too long", "latency", "timed out"],
            [FeedbackVerdict.Unreliable] = ["crashed", "error", "flaky", "unreliable", "failed"],
        },
        DirectionRules =
        [
            new(FeedbackVerdict.FalsePositive, "threshold", +1),
            new(FeedbackVerdict.FalsePositive, "sensitivity", -1),
            new(FeedbackVerdict.FalsePositive, "window", +1),
            new(FeedbackVerdict.FalsePositive, "persistence", +1),
            new(FeedbackVerdict.FalseNegative, "threshold", -1),
            new(FeedbackVerdict.FalseNegative, "sensitivity", +1),
            new(FeedbackVerdict.FalseNegative, "window", -1),
            new(FeedbackVerdict.FalseNegative, "persistence", -1),
            new(FeedbackVerdict.TooSlow, "window", -1),
        ],
        ArgumentRules = [new FiniteSeriesRule()],
        ResultRules = [new FiniteScoreRule()],
    };
}
