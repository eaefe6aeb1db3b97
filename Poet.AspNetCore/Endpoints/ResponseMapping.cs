using System.Text.Json;

namespace Poet.AspNetCore.Endpoints;

/// <summary>Maps POET's records to the HTTP API's response shapes.</summary>
internal static class ResponseMapping
{
    public static FunctionSummaryResponse ToSummary(this PoetFunctionInfo info) => new()
    {
        FunctionId = info.FunctionId,
        CurrentVersion = info.CurrentVersion,
        Parameters = info.Parameters,
        VersionCount = info.Versions.Count,
    };

    public static FunctionDetailResponse ToDetail(this PoetFunctionInfo info, IFunctionStore? store) => new()
    {
        FunctionId = info.FunctionId,
        CurrentVersion = info.CurrentVersion,
        Parameters = info.Parameters,
        Versions = [.. info.Versions.Select(v => ToVersion(info, v, store?.GetVersion(info.FunctionId, v)))],
    };

    public static FeedbackOutcomeResponse ToResponse(this FeedbackOutcome outcome) => FeedbackOutcomeResponse.From(outcome);

    public static ExecutionResponse ToResponse(this ExecutionRecord record) => new()
    {
        Id = record.Id.Value,
        FunctionId = record.FunctionId,
        Version = record.Version,
        StartedAt = record.StartedAt,
        DurationMs = record.DurationMs,
        Attempts = record.Attempts,
        Outcome = Name(record.Outcome),
        Arguments = record.Arguments.ToDictionary(a => a.Key, a => JsonValues.ToArgument(a.Key, a.Value), StringComparer.Ordinal),
        LearnedParameters = record.LearnedParameters,
        Result = record.Result is null ? null : JsonValues.ToElement(record.Result),
        Error = record.Error,
    };

    private static FunctionVersionResponse ToVersion(PoetFunctionInfo info, int version, FunctionVersion? stored) => new()
    {
        Version = version,
        IsCurrent = version == info.CurrentVersion,
        Parent = stored?.Parent,
        CreatedAt = stored?.CreatedAt,
        Parameters = stored?.Parameters,
        Reason = stored is null ? null : new VersionReasonResponse
        {
            Kind = stored.Reason.Kind,
            FeedbackIds = stored.Reason.FeedbackIds,
            Rationale = stored.Reason.Rationale,
        },
    };

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
