using Microsoft.Extensions.Logging;

namespace Poet.Interception;

/// <summary>Source-generated log messages of the interceptor (each checks <c>IsEnabled</c> first: free when off).</summary>
internal static partial class InterceptionLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "POET {FunctionId} execution {ExecutionId} v{Version} ended {Outcome} in {DurationMs} ms after {Attempts} attempt(s)")]
    public static partial void ExecutionFinished(ILogger logger, string functionId, string executionId, int version, ExecutionOutcome outcome, double durationMs, int attempts);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "POET {FunctionId} attempt {Attempt} failed; retrying")]
    public static partial void Retrying(ILogger logger, string functionId, int attempt, Exception? exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "POET's {Component} failed ({Count} time(s) so far); the wrapped call was not affected")]
    public static partial void InternalError(ILogger logger, string component, long count, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "POET {FunctionId}: an attempt passed its {TimeoutMs} ms deadline and cannot be stopped; the caller got PoetTimeoutException and the attempt is abandoned ({Running} abandoned attempt(s) still running, limit {Limit})")]
    public static partial void AttemptAbandoned(ILogger logger, string functionId, int timeoutMs, int running, int limit);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "POET prepared {FunctionId}: {Checks} argument check(s), {Learnable} learnable parameter(s), retries {Retries}, timeout {TimeoutMs} ms")]
    public static partial void FunctionPrepared(ILogger logger, string functionId, int checks, int learnable, int retries, int timeoutMs);
}
