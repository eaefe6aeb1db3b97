namespace Poet;

/// <summary>The LLM call's resilience settings, from <see cref="PoetOptions"/>.</summary>
/// <param name="Timeout">Per-attempt timeout.</param>
/// <param name="RetryDelay">Delay before the one retry.</param>
/// <param name="BreakAfterFailures">Failures (within the sampling window, at least half of the calls) that open the circuit.</param>
/// <param name="BreakDuration">How long the circuit stays open.</param>
/// <param name="SamplingDuration">The window failures are counted in.</param>
internal sealed record LlmResilienceSettings(
    TimeSpan Timeout,
    TimeSpan RetryDelay,
    int BreakAfterFailures,
    TimeSpan BreakDuration,
    TimeSpan SamplingDuration)
{
    /// <summary>Reads the settings from options, validating them.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the option.</exception>
    public static LlmResilienceSettings From(PoetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LlmTimeout <= TimeSpan.Zero || options.LlmTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"PoetOptions.LlmTimeout must be between 0 and 1 hour (got {options.LlmTimeout}).", nameof(options));
        }

        if (options.LlmBreakAfterFailures < 2)
        {
            throw new ArgumentException($"PoetOptions.LlmBreakAfterFailures must be at least 2 (got {options.LlmBreakAfterFailures}).", nameof(options));
        }

        if (options.LlmBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentException($"PoetOptions.LlmBreakDuration must be at least 500 ms (got {options.LlmBreakDuration}).", nameof(options));
        }

        return new LlmResilienceSettings(options.LlmTimeout, TimeSpan.FromMilliseconds(250), options.LlmBreakAfterFailures, options.LlmBreakDuration, TimeSpan.FromMinutes(1));
    }
}
