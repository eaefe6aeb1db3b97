using System.Diagnostics.Metrics;

namespace Poet;

/// <summary>LLM instruments on the <c>Poet</c> meter.</summary>
internal static class LlmTelemetry
{
    /// <summary>Tag name for why the LLM could not serve.</summary>
    public const string ReasonTag = "poet.reason";

    /// <summary>
    /// Feedback the LLM translator could not serve (the offline translator served instead), tagged with
    /// <see cref="PoetTelemetry.FunctionTag"/> and <see cref="ReasonTag"/>.
    /// </summary>
    public static readonly Counter<long> Fallbacks = PoetTelemetry.Meter.CreateCounter<long>(
        "poet.llm.fallbacks", description: "Feedback the LLM could not translate; the offline translator served");

    /// <summary>Calls made to the model (attempts, retries included).</summary>
    public static readonly Counter<long> Calls = PoetTelemetry.Meter.CreateCounter<long>(
        "poet.llm.calls", description: "Calls made to the LLM (each attempt)");

    /// <summary>Translations answered from the cache without calling the model.</summary>
    public static readonly Counter<long> CacheHits = PoetTelemetry.Meter.CreateCounter<long>(
        "poet.llm.cache_hits", description: "LLM translations served from the cache");
}

/// <summary>Why the LLM could not serve one request.</summary>
internal enum LlmFailure
{
    /// <summary>The model answered, but not with a valid answer (garbage, prose, truncated JSON, wrong types).</summary>
    InvalidAnswer,

    /// <summary>Every attempt timed out.</summary>
    Timeout,

    /// <summary>The call failed (HTTP error, refused connection, provider exception).</summary>
    Error,

    /// <summary>The circuit breaker is open after repeated failures; the model was not called.</summary>
    CircuitOpen,

    /// <summary>Redaction could not complete, so nothing was sent.</summary>
    Redaction,
}
