using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Poet;

/// <summary>
/// Calls the chat client through POET's own Polly pipeline: one retry (outermost), a circuit breaker that opens
/// after repeated failures so a dead model server costs nothing, and a per-attempt timeout (enforced even when a
/// client ignores its cancellation token). Shared by the translator and the train-map proposer so they trip the
/// same breaker. Never throws except when the caller cancels.
/// </summary>
internal sealed partial class LlmChatCaller
{
    private readonly IChatClient _client;
    private readonly ResiliencePipeline<string> _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ILogger _logger;
    private long _attempts;

    /// <summary>Creates the caller.</summary>
    /// <param name="client">The chat client.</param>
    /// <param name="settings">Timeout, retry and breaker settings.</param>
    /// <param name="logger">Logs failures.</param>
    /// <param name="timeProvider">The clock (tests).</param>
    public LlmChatCaller(IChatClient client, LlmResilienceSettings settings, ILogger<LlmChatCaller>? logger = null, TimeProvider? timeProvider = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ArgumentNullException.ThrowIfNull(settings);
        _logger = logger ?? NullLogger<LlmChatCaller>.Instance;

        static ValueTask<bool> IsTransient(Outcome<string> outcome, ResilienceContext context) =>
            ValueTask.FromResult(outcome.Exception is { } ex
                && ex is not BrokenCircuitException and not IsolatedCircuitException and not LlmRedactionException
                && !context.CancellationToken.IsCancellationRequested);

        _pipeline = new ResiliencePipelineBuilder<string> { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions<string>
            {
                MaxRetryAttempts = 1,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = true,
                ShouldHandle = args => IsTransient(args.Outcome, args.Context),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<string>
            {
                FailureRatio = 0.5,
                MinimumThroughput = settings.BreakAfterFailures,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _circuit,
                ShouldHandle = args => IsTransient(args.Outcome, args.Context),
            })
            .AddTimeout(settings.Timeout)
            .Build();
    }

    /// <summary>Attempts made on the model since creation (retries included; calls refused by the open circuit excluded).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>The circuit breaker's state.</summary>
    public CircuitState Circuit => _circuit.CircuitState;

    /// <summary>Sends messages to the model and returns its reply text, or why it could not.</summary>
    /// <param name="purpose">What the call is for (logged): <c>translate</c> or <c>train-map</c>.</param>
    /// <param name="functionId">The function concerned (logged).</param>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The chat options (response format, temperature).</param>
    /// <param name="cancellationToken">The caller's token; cancelling it throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The reply text, or the failure.</returns>
    public async ValueTask<LlmCallResult> CallAsync(string purpose, string functionId, IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var text = await _pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    Interlocked.Increment(ref state.Self._attempts);
                    LlmTelemetry.Calls.Add(1, new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, state.FunctionId));
                    var response = await state.Self._client.GetResponseAsync(state.Messages, state.Options, ct).WaitAsync(ct).ConfigureAwait(false);
                    return response.Text ?? string.Empty;
                },
                (Self: this, Messages: messages, Options: options, FunctionId: functionId),
                cancellationToken).ConfigureAwait(false);
            return new LlmCallResult(text, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException)
        {
            LogCircuitOpen(_logger, purpose, functionId);
            return new LlmCallResult(null, LlmFailure.CircuitOpen);
        }
        catch (TimeoutRejectedException ex)
        {
            LogCallFailed(_logger, purpose, functionId, "timed out", ex);
            return new LlmCallResult(null, LlmFailure.Timeout);
        }
        catch (Exception ex)
        {
            LogCallFailed(_logger, purpose, functionId, ex.GetType().Name, ex);
            return new LlmCallResult(null, LlmFailure.Error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET LLM call ({Purpose}) for {FunctionId} failed ({Reason}); the offline path serves")]
    private static partial void LogCallFailed(ILogger logger, string purpose, string functionId, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "POET LLM circuit is open; {Purpose} for {FunctionId} skips the model")]
    private static partial void LogCircuitOpen(ILogger logger, string purpose, string functionId);
}

/// <summary>The outcome of one LLM call.</summary>
/// <param name="Text">The reply text, when the model answered.</param>
/// <param name="Failure">Why it did not, otherwise.</param>
internal readonly record struct LlmCallResult(string? Text, LlmFailure? Failure);
