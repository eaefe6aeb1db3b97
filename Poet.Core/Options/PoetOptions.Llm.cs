using System.Text.RegularExpressions;

namespace Poet;

/// <summary>LLM translation settings: privacy (redaction), timeouts, the circuit breaker, the answer cache.</summary>
public sealed partial class PoetOptions
{
    /// <summary>
    /// The redaction patterns every new <see cref="PoetOptions"/> starts with: e-mail addresses, bearer tokens,
    /// <c>key=value</c> secrets (api_key, token, secret, password), OpenAI/Anthropic-style <c>sk-</c> keys, AWS access
    /// key ids, GitHub tokens and JWTs.
    /// </summary>
    public static IReadOnlyList<string> DefaultRedactionPatterns { get; } =
    [
        @"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}",
        @"(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*",
        @"(?i)\b(?:api[_\-]?key|apikey|access[_\-]?token|auth[_\-]?token|token|secret|password|passwd|pwd)\b\s*[:=]\s*[^\s,;""']+",
        @"\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{16,}",
        @"\bAKIA[0-9A-Z]{16}\b",
        @"\bgh[pousr]_[A-Za-z0-9]{30,}\b",
        @"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}",
    ];

    /// <summary>
    /// Regular expressions whose matches are replaced by <c>[redacted]</c> in everything sent to an LLM (arguments,
    /// results, errors, feedback). Starts with <see cref="DefaultRedactionPatterns"/>; add your own with
    /// <see cref="AddRedactionPattern"/> or clear the list to opt out of the defaults. <see cref="SensitiveAttribute"/>
    /// values never reach the model whatever this list holds.
    /// </summary>
    public IList<string> RedactionPatterns { get; } = [.. DefaultRedactionPatterns];

    /// <summary>How long one LLM call may take before it counts as failed (default 30 s; one retry follows).</summary>
    public TimeSpan LlmTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many failed LLM calls (timeouts, HTTP errors, refused connections) within a minute open the circuit
    /// breaker, when at least half of the calls in that minute failed (default 4, at least 2). While the circuit is
    /// open, feedback goes straight to the offline translator without calling the model.
    /// </summary>
    public int LlmBreakAfterFailures { get; set; } = 4;

    /// <summary>How long the circuit breaker stays open before one trial call is let through (default 30 s).</summary>
    public TimeSpan LlmBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many translated answers are cached by (function, version, normalized feedback) (default 1024; 0 = no cache).</summary>
    public int LlmCacheSize { get; set; } = 1024;

    /// <summary>
    /// Whether the LLM proposes the issue-to-parameter map of a newly registered function's <c>train.json</c>
    /// (version 1), replacing the domain template's map when the proposal is valid (default true).
    /// </summary>
    public bool LlmProposeTrainMap { get; set; } = true;

    /// <summary>Adds a redaction pattern (see <see cref="RedactionPatterns"/>).</summary>
    /// <param name="pattern">A .NET regular expression, for example <c>@"\bACME-\d{6}\b"</c> for customer numbers.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException">The pattern is empty or not a valid regular expression.</exception>
    public PoetOptions AddRedactionPattern(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException("A redaction pattern must be a non-empty regular expression, for example @\"\\bACME-\\d{6}\\b\".", nameof(pattern));
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The redaction pattern '{pattern}' is not a valid .NET regular expression: {ex.Message}", nameof(pattern), ex);
        }

        RedactionPatterns.Add(pattern);
        return this;
    }
}
