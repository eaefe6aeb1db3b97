using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Poet.Interception;

/// <summary>
/// Builds a function's Operate pipeline once: retries (exponential backoff with jitter) around a per-attempt
/// timeout. Functions with neither get no pipeline at all, so their calls skip Polly entirely.
/// </summary>
internal static class OperatePipelineFactory
{
    private const int PollyMinimumTimeoutMs = 10;

    /// <summary>Builds the pipeline, or returns null when the policy neither retries nor times out.</summary>
    /// <param name="functionId">The function id (tags the retry counter).</param>
    /// <param name="policy">The function's Operate policy.</param>
    /// <param name="onRetry">Called on each retry with the attempt number (0-based) and the handled exception.</param>
    /// <returns>The pipeline, or null.</returns>
    public static ResiliencePipeline? Create(string functionId, OperatePolicy policy, Action<int, Exception?> onRetry)
    {
        if (policy.Retries <= 0 && policy.TimeoutMs <= 0)
        {
            return null;
        }

        var builder = new ResiliencePipelineBuilder { Name = functionId };
        if (policy.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(policy.BaseDelayMs),
                ShouldHandle = static args => new ValueTask<bool>(IsRetryable(args.Outcome.Exception, args.Context)),
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber, args.Outcome.Exception);
                    return default;
                },
            });
        }

        if (policy.TimeoutMs > 0)
        {
            var timeout = TimeSpan.FromMilliseconds(policy.TimeoutMs);
            builder.AddTimeout(policy.TimeoutMs >= PollyMinimumTimeoutMs
                ? new TimeoutStrategyOptions { Timeout = timeout }
                : new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(timeout) });
        }

        return builder.Build();
    }

    /// <summary>
    /// Whether an attempt's failure is worth retrying: never validation or enforcement failures, never a call refused
    /// because too many abandoned attempts still run (<see cref="PoetTimeoutException"/>), never cancellation (by the
    /// caller or by the target itself); timeouts and every other exception are.
    /// </summary>
    /// <param name="exception">The attempt's exception (null when it returned).</param>
    /// <param name="context">The execution's context.</param>
    /// <returns><see langword="true"/> to retry.</returns>
    public static bool IsRetryable(Exception? exception, ResilienceContext context) => exception switch
    {
        null => false,
        PoetValidationException or PoetEnforcementException or PoetTimeoutException => false,
        TimeoutRejectedException => !context.CancellationToken.IsCancellationRequested,
        OperationCanceledException => false,
        _ => !context.CancellationToken.IsCancellationRequested,
    };
}
