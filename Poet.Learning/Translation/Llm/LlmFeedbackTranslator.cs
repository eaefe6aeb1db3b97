using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Poet;

/// <summary>
/// Translates feedback with an LLM through any <see cref="IChatClient"/>. The model's answer is untrusted data:
/// it is parsed strictly (see <see cref="LlmSignalParser"/>) and can only move declared learnable parameters.
/// Whenever the model cannot serve (invalid answer, timeout, HTTP error, refused connection, open circuit) the
/// translator returns null so the next translator in the chain (the offline one) serves; the failure is logged and
/// counted (<c>poet.llm.fallbacks</c>). It never throws, except <see cref="OperationCanceledException"/> when the
/// caller cancels.
/// </summary>
internal sealed partial class LlmFeedbackTranslator : IFeedbackTranslator
{
    /// <summary>The translator's name in signals and metrics.</summary>
    public const string TranslatorName = "llm";

    private readonly LlmChatCaller _caller;
    private readonly LlmPromptBuilder _prompts;
    private readonly LlmAnswerCache _cache;
    private readonly ILogger _logger;
    private long _fallbacks;
    private long _cacheHits;

    /// <summary>Creates the translator over a shared caller (the DI registration: one caller for translator and proposer).</summary>
    /// <param name="caller">Calls the model through the resilience pipeline.</param>
    /// <param name="options">Redaction patterns and cache size.</param>
    /// <param name="logger">Logs fallbacks.</param>
    public LlmFeedbackTranslator(LlmChatCaller caller, PoetOptions options, ILogger<LlmFeedbackTranslator>? logger = null)
    {
        _caller = caller ?? throw new ArgumentNullException(nameof(caller));
        ArgumentNullException.ThrowIfNull(options);
        _prompts = new LlmPromptBuilder(LlmRedactor.For(options.RedactionPatterns));
        _cache = new LlmAnswerCache(options.LlmCacheSize);
        _logger = logger ?? NullLogger<LlmFeedbackTranslator>.Instance;
    }

    /// <summary>Creates the translator with its own caller (convenient outside DI and in tests).</summary>
    /// <param name="client">The chat client.</param>
    /// <param name="options">Options (timeout, breaker, cache, redaction).</param>
    /// <param name="loggerFactory">Creates loggers.</param>
    /// <param name="timeProvider">The clock (tests).</param>
    public LlmFeedbackTranslator(IChatClient client, PoetOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(
            new LlmChatCaller(client, LlmResilienceSettings.From(options), loggerFactory?.CreateLogger<LlmChatCaller>(), timeProvider),
            options,
            loggerFactory?.CreateLogger<LlmFeedbackTranslator>())
    {
    }

    /// <inheritdoc />
    public string Name => TranslatorName;

    /// <summary>Feedback this translator could not serve since creation.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Translations served from the cache since creation.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>The shared caller (attempt count, circuit state).</summary>
    public LlmChatCaller Caller => _caller;

    /// <inheritdoc />
    public async ValueTask<LearningSignal?> TranslateAsync(TranslationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var functionId = context.Execution.FunctionId;
        if (context.Feedback.IsEmpty)
        {
            return null; // nothing to read: no model call, not a failure; the offline translator answers "nothing learned"
        }

        try
        {
            var key = LlmAnswerCache.KeyFor(functionId, context.Current.Version, context.Feedback);
            if (_cache.TryGet(key, out var cached))
            {
                Interlocked.Increment(ref _cacheHits);
                LlmTelemetry.CacheHits.Add(1, new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, functionId));
                return cached;
            }

            string userMessage;
            try
            {
                userMessage = _prompts.BuildUserMessage(context);
            }
            catch (LlmRedactionException ex)
            {
                LogRedactionFailed(_logger, functionId, ex);
                return Fallback(functionId, LlmFailure.Redaction);
            }

            ChatMessage[] messages = [new(ChatRole.System, LlmPromptBuilder.SystemMessage), new(ChatRole.User, userMessage)];
            var chatOptions = new ChatOptions
            {
                Temperature = 0,
                MaxOutputTokens = 512,
                ResponseFormat = ChatResponseFormat.ForJsonSchema(LlmSignalSchema.For(context.TrainSpec), LlmSignalSchema.Name, "POET learning signal"),
            };

            var call = await _caller.CallAsync("translate", functionId, messages, chatOptions, cancellationToken).ConfigureAwait(false);
            if (call.Failure is { } failure)
            {
                return Fallback(functionId, failure);
            }

            if (!LlmSignalParser.TryParse(call.Text, context.TrainSpec, TranslatorName, out var signal, out var problem))
            {
                LogInvalidAnswer(_logger, functionId, problem, Preview(call.Text));
                return Fallback(functionId, LlmFailure.InvalidAnswer);
            }

            _cache.Set(key, signal!);
            return signal;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogUnexpected(_logger, functionId, ex);
            return Fallback(functionId, LlmFailure.Error);
        }
    }

    private LearningSignal? Fallback(string functionId, LlmFailure reason)
    {
        Interlocked.Increment(ref _fallbacks);
        LlmTelemetry.Fallbacks.Add(
            1,
            new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, functionId),
            new KeyValuePair<string, object?>(LlmTelemetry.ReasonTag, reason.ToString()));
        if (reason is LlmFailure.Error or LlmFailure.Timeout or LlmFailure.Redaction)
        {
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "llm"));
        }

        return null;
    }

    private static string Preview(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "<empty>";
        }

        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= 200 ? oneLine : oneLine[..200] + "...";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET LLM answer for {FunctionId} rejected ({Problem}); the offline translator serves. Answer: {Answer}")]
    private static partial void LogInvalidAnswer(ILogger logger, string functionId, string problem, string answer);

    [LoggerMessage(Level = LogLevel.Error, Message = "POET could not redact the prompt for {FunctionId}; nothing was sent to the model")]
    private static partial void LogRedactionFailed(ILogger logger, string functionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "POET LLM translation for {FunctionId} failed unexpectedly; the offline translator serves")]
    private static partial void LogUnexpected(ILogger logger, string functionId, Exception exception);
}
