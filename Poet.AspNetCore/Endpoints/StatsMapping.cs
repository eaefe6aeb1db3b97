using System.Text.Json;
using Poet.AspNetCore.Dashboard;

namespace Poet.AspNetCore.Endpoints;

/// <summary>Maps feedback, observed executions and statistics to the responses of the dashboard's endpoints.</summary>
internal static class StatsMapping
{
    public static FunctionStatsResponse ToStats(this PoetFunctionInfo info, ExecutionObserver observer, IReadOnlyList<FeedbackRecord> feedback)
    {
        var activity = observer.Find(info.FunctionId)?.Stats(observer.Now()) ?? default;
        return new FunctionStatsResponse
        {
            FunctionId = info.FunctionId,
            CurrentVersion = info.CurrentVersion,
            VersionCount = info.Versions.Count,
            Parameters = info.Parameters,
            WindowMinutes = FunctionActivity.WindowMinutes,
            ObservedSince = observer.Since,
            Calls = observer.IsObserving ? activity.Calls : null,
            Errors = observer.IsObserving ? activity.Errors : null,
            ErrorRate = activity.Calls == 0 ? null : (double)activity.Errors / activity.Calls,
            P50Ms = activity.P50Ms,
            P99Ms = activity.P99Ms,
            FeedbackCount = feedback.Count,
            LastFeedbackAt = feedback.Count == 0 ? null : feedback.Max(f => f.ReceivedAt),
        };
    }

    public static FeedbackEntryResponse ToEntry(this FeedbackRecord record) => new()
    {
        Id = record.Id,
        ExecutionId = record.ExecutionId.Value,
        ReceivedAt = record.ReceivedAt,
        Raw = ParseRaw(record.RawJson),
        RawTruncated = record.RawTruncated,
        Signal = record.Signal is { } signal ? ToResponse(signal) : null,
        ProducedVersion = record.ProducedVersion,
        Changes = record.Changes,
    };

    public static RecentExecutionResponse ToResponse(this ObservedExecution execution) => new()
    {
        Id = execution.Id,
        Version = execution.Version,
        StartedAt = execution.StartedAt,
        DurationMs = execution.DurationMs,
        Outcome = execution.Outcome,
        Attempts = execution.Attempts,
        ErrorType = execution.ErrorType,
    };

    public static LearnableParameterResponse ToResponse(this LearnableParameterSpec spec, PoetFunctionInfo info) => new()
    {
        Name = spec.Name,
        Min = spec.Min,
        Max = spec.Max,
        Default = spec.Default,
        Step = spec.Step,
        IsInteger = spec.IsInteger,
        Value = info.Parameters.TryGetValue(spec.Name, out var value) ? value : null,
    };

    private static LearningSignalResponse ToResponse(LearningSignal signal) => new()
    {
        Verdict = JsonNamingPolicy.CamelCase.ConvertName(signal.Verdict.ToString()),
        Issue = signal.Issue,
        Adjustments = signal.Adjustments,
        Confidence = signal.Confidence,
        Rationale = signal.Rationale,
        Translator = signal.Translator,
    };

    // The stored payload is JSON; a payload that was cut (or is not JSON) is answered as a JSON string of its text.
    private static JsonElement ParseRaw(string rawJson)
    {
        try
        {
            using var document = JsonDocument.Parse(rawJson, PoetJson.DocumentOptions);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(rawJson);
        }
    }
}
