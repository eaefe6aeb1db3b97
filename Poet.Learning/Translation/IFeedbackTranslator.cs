namespace Poet;

/// <summary>
/// Turns one normalized piece of feedback into a learning signal. Translators form a chain (an LLM first when
/// configured, the offline translator always last); a translator that cannot answer returns null and the next
/// one serves.
/// </summary>
public interface IFeedbackTranslator
{
    /// <summary>The translator's name, recorded in <see cref="LearningSignal.Translator"/> and the <c>poet.feedback</c> counter.</summary>
    string Name { get; }

    /// <summary>Translates feedback; must not throw for bad feedback (return null to let the next translator serve).</summary>
    /// <param name="context">The feedback with everything known about the execution and function.</param>
    /// <param name="cancellationToken">Cancels the translation.</param>
    /// <returns>The signal, or null when this translator cannot answer.</returns>
    ValueTask<LearningSignal?> TranslateAsync(TranslationContext context, CancellationToken cancellationToken = default);
}
