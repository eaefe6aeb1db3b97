using Poet;

namespace Poet.Tests.AspNetCore;

internal static class Samples
{
    public const string FunctionId = "IDriftDetector.Detect";

    public static PoetFunctionInfo Function(int current = 2, params int[] versions) => new()
    {
        FunctionId = FunctionId,
        CurrentVersion = current,
        Parameters = new Dictionary<string, double> { ["threshold"] = current == 1 ? 3.0 : 3.6 },
        Versions = versions.Length == 0 ? [1, 2] : versions,
    };

    public static FunctionVersion Version(int version) => new()
    {
        FunctionId = FunctionId,
        Version = version,
        Parent = version == 1 ? null : version - 1,
        CreatedAt = new DateTimeOffset(2025, 1, version, 0, 0, 0, TimeSpan.Zero),
        Parameters = new Dictionary<string, double> { ["threshold"] = version == 1 ? 3.0 : 3.6 },
        Reason = version == 1
            ? new VersionReason { Kind = "initial", Rationale = "declared defaults" }
            : new VersionReason { Kind = "feedback", FeedbackIds = ["F1"], Rationale = "false alarm: raise threshold" },
    };

    public static FeedbackOutcome Outcome(ExecutionId id) => new()
    {
        ExecutionId = id,
        FunctionId = FunctionId,
        Signal = new LearningSignal
        {
            Verdict = FeedbackVerdict.FalsePositive,
            Issue = "false_alarm",
            Adjustments = [new ParameterAdjustment("threshold", +1, 1.0)],
            Confidence = 0.9,
            Rationale = "seasonal dip reported as drift",
            Translator = "offline",
        },
        NewVersion = 2,
        Changes = [new ParameterChange("threshold", 3.0, 3.6)],
    };

    public static ExecutionRecord Record(ExecutionId id, IReadOnlyDictionary<string, object?>? arguments = null, object? result = null) => new()
    {
        Id = id,
        FunctionId = FunctionId,
        Version = 1,
        StartedAt = id.Timestamp,
        DurationMs = 1.5,
        Attempts = 1,
        Outcome = ExecutionOutcome.Success,
        Arguments = arguments ?? new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0 }, ["current"] = new[] { 5.0, 6.0 } },
        LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
        Result = result ?? new { isDrift = true, score = 4.2 },
    };
}
