using System.Text.RegularExpressions;

namespace Poet;

/// <summary>
/// Replaces every match of the configured redaction patterns with <see cref="Marker"/> before text reaches a model.
/// Fails closed: if a pattern cannot be evaluated (a regex timeout), the text is refused, never sent unredacted.
/// </summary>
internal sealed class LlmRedactor
{
    /// <summary>What a redacted value or match is replaced with.</summary>
    public const string Marker = "[redacted]";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    private readonly Regex[] _patterns;

    /// <summary>Compiles the patterns.</summary>
    /// <param name="patterns">.NET regular expressions.</param>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression; the message names it.</exception>
    public LlmRedactor(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var compiled = new List<Regex>();
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrWhiteSpace(pattern))
            {
                continue;
            }

            try
            {
                compiled.Add(new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"PoetOptions.RedactionPatterns holds '{pattern}', which is not a valid .NET regular expression: {ex.Message}", nameof(patterns), ex);
            }
        }

        _patterns = [.. compiled];
    }

    /// <summary>Redacts one piece of text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with every match replaced by <see cref="Marker"/>.</returns>
    /// <exception cref="LlmRedactionException">A pattern timed out; the text must not be sent.</exception>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var pattern in _patterns)
        {
            try
            {
                text = pattern.Replace(text, Marker);
            }
            catch (RegexMatchTimeoutException ex)
            {
                throw new LlmRedactionException($"Redaction pattern '{pattern}' timed out; the text is not sent to the model.", ex);
            }
        }

        return text;
    }
}

/// <summary>Redaction could not be completed, so nothing is sent to the model.</summary>
internal sealed class LlmRedactionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The regex timeout.</param>
    public LlmRedactionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
