using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poet.Translation;
using Poet.Translation.Offline;

namespace Poet;


/// <summary>
/// The translator chain: the configured translators in registration order (an LLM translator, for example), then
/// the offline translator, always last. A translator that throws or returns null lets the next one serve; the
/// offline translator always answers. Every answer is sanitized (<see cref="SignalSanitizer"/>).
/// </summary>
internal sealed partial class FeedbackTranslatorChain
{
    private readonly IFeedbackTranslator[] _translators;
    private readonly ILogger _logger;

    /// <summary>Creates the chain.</summary>
    /// <param name="translators">Configured translators, tried in order (an offline translator among them is moved last).</param>
    /// <param name="loggerFactory">Logs translators that fail.</param>
    public FeedbackTranslatorChain(IEnumerable<IFeedbackTranslator>? translators = null, ILoggerFactory? loggerFactory = null)
    {
        _translators = [.. (translators ?? []).Where(t => t is not null and not OfflineFeedbackTranslator), new OfflineFeedbackTranslator()];
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<FeedbackTranslatorChain>();
    }

    /// <summary>The translators' names, in the order they are tried.</summary>
    public IReadOnlyList<string> Names => [.. _translators.Select(t => t.Name)];

    /// <summary>Translates feedback with the first translator that answers.</summary>
    /// <param name="context">The feedback and what is known about its execution.</param>
    /// <param name="cancellationToken">Cancels the translation.</param>
    /// <returns>The sanitized signal (never null).</returns>
    public async ValueTask<LearningSignal> TranslateAsync(TranslationContext context, CancellationToken cancellationToken = default)
    {
        foreach (var translator in _translators)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (translator is OfflineFeedbackTranslator)
            {
                return SignalSanitizer.Sanitize(OfflineFeedbackTranslator.Translate(context), context.TrainSpec, translator.Name);
            }

            try
            {
                var signal = await translator.TranslateAsync(context, cancellationToken).ConfigureAwait(false);
                if (signal is not null)
                {
                    return SignalSanitizer.Sanitize(signal, context.TrainSpec, translator.Name);
                }

                LogDeclined(_logger, translator.Name, context.Execution.FunctionId);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                LogFailed(_logger, translator.Name, context.Execution.FunctionId, ex);
                PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "translator:" + translator.Name));
            }
        }

        // Unreachable: the offline translator is always last and always answers.
        return LearningSignal.None(OfflineFeedbackTranslator.TranslatorName, "no translator answered");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "POET translator {Translator} declined feedback for {FunctionId}; the next translator serves")]
    private static partial void LogDeclined(ILogger logger, string translator, string functionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET translator {Translator} failed on feedback for {FunctionId}; the next translator serves")]
    private static partial void LogFailed(ILogger logger, string translator, string functionId, Exception exception);
}
