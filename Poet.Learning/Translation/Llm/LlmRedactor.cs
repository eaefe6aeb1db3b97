using System.Collections.Concurrent;
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

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<string, LlmRedactor> Shared = new(StringComparer.Ordinal);
    private readonly Regex[] _patterns;

    /// <summary>
    /// A redactor for these patterns, shared by every translator and proposer with the same list (regexes are
    /// thread-safe, and the linear engine's automaton warms up once instead of once per instance).
    /// </summary>
    /// <param name="patterns">.NET regular expressions.</param>
    /// <returns>The redactor.</returns>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression; the message names it.</exception>
    public static LlmRedactor For(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var list = patterns.ToArray();
        var key = string.Join('\u001f', list);
        if (Shared.TryGetValue(key, out var known))
        {
            return known;
        }

        var redactor = new LlmRedactor(list);
        if (Shared.Count < 64)
        {
            Shared.TryAdd(key, redactor);
        }

        return redactor;
    }

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

            compiled.Add(Compile(pattern));
        }

        _patterns = [.. compiled];
    }

    /// <summary>
    /// Compiles a pattern with the linear-time (non-backtracking) engine, so redaction cannot blow up on long text;
    /// patterns using constructs that engine lacks (lookarounds, backreferences) fall back to the backtracking
    /// engine with a match timeout.
    /// </summary>
    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            // fall through to the backtracking engine
        }
        catch (ArgumentException)
        {
            // may be a construct only the backtracking engine parses; validated below
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"PoetOptions.RedactionPatterns holds '{pattern}', which is not a valid .NET regular expression: {ex.Message}", nameof(pattern), ex);
        }
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
