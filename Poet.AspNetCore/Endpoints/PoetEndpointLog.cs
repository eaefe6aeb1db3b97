using Microsoft.Extensions.Logging;

namespace Poet.AspNetCore.Endpoints;

/// <summary>Log messages of the <c>/poet</c> endpoints (source-generated).</summary>
internal static partial class PoetEndpointLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "POET endpoint {Method} {Path}: rejected a wrong API key")]
    public static partial void ApiKeyRejected(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "POET feedback on {ExecutionId} ({FunctionId}): new version {NewVersion}")]
    public static partial void FeedbackApplied(ILogger logger, string executionId, string functionId, int? newVersion);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "POET rollback of {FunctionId} to version {Version}")]
    public static partial void RolledBack(ILogger logger, string functionId, int version);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "POET endpoint {Method} {Path}: the store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "POET endpoint {Method} {Path} failed")]
    public static partial void EndpointFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "POET health check {Check} failed")]
    public static partial void HealthCheckFailed(ILogger logger, string check, Exception exception);
}
