using Microsoft.Extensions.Options;

namespace Poet;

/// <summary>
/// Checks <see cref="PoetOptions"/> before POET starts: each problem names the setting (as a property and as its
/// <c>Poet:</c> configuration key), the value found and a value that works. <c>services.AddPoet()</c> runs it at
/// start-up (<c>ValidateOnStart</c>); <c>builder.AddPoet()</c> on Autofac runs it when the container is built.
/// </summary>
public sealed class PoetOptionsValidator : IValidateOptions<PoetOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PoetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">One or more settings are invalid; the message lists each with its fix.</exception>
    public static void ThrowIfInvalid(PoetOptions options)
    {
        var result = new PoetOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(PoetOptions), result.Failures);
        }
    }

    private static IEnumerable<string> Problems(PoetOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.StorePath))
        {
            yield return Setting(nameof(o.StorePath), $"'{o.StorePath}'", "a folder POET may write, e.g. \".poet\" (or leave it unset for the default)");
        }

        if (o.RecorderCapacity < 1)
        {
            yield return Setting(nameof(o.RecorderCapacity), o.RecorderCapacity, "at least 1 (default 65536)");
        }

        if (o.RecordingMaxDelay is { } maxDelay && maxDelay <= TimeSpan.Zero)
        {
            yield return Setting(nameof(o.RecordingMaxDelay), maxDelay, "a positive duration such as \"00:00:00.100\" (the default), or null for no time bound");
        }

        if (o.ExecutionSegmentMegabytes < 1)
        {
            yield return Setting(nameof(o.ExecutionSegmentMegabytes), o.ExecutionSegmentMegabytes, "at least 1 (default 32)");
        }

        if (o.ExecutionSegmentDuration <= TimeSpan.Zero)
        {
            yield return Setting(nameof(o.ExecutionSegmentDuration), o.ExecutionSegmentDuration, "a positive duration such as \"01:00:00\"");
        }

        if (o.ExecutionRetention is { } retention && retention <= TimeSpan.Zero)
        {
            yield return Setting(nameof(o.ExecutionRetention), retention, "a positive duration such as \"30.00:00:00\", or null to keep everything");
        }

        if (o.ExecutionRetentionMegabytes is { } megabytes && megabytes < 1)
        {
            yield return Setting(nameof(o.ExecutionRetentionMegabytes), megabytes, "at least 1, or null for no size limit");
        }

        if (o.MaxStoredFeedbackChars < 1)
        {
            yield return Setting(nameof(o.MaxStoredFeedbackChars), o.MaxStoredFeedbackChars, "at least 1 (default 1000000)");
        }

        if (o.StoreLockTimeout <= TimeSpan.Zero)
        {
            yield return Setting(nameof(o.StoreLockTimeout), o.StoreLockTimeout, "a positive duration such as \"00:00:30\"");
        }

        if (o.StartupTimeout < TimeSpan.Zero)
        {
            yield return Setting(nameof(o.StartupTimeout), o.StartupTimeout, "0 (do not wait) or a positive duration such as \"00:00:05\"");
        }

        if (o.LlmTimeout <= TimeSpan.Zero || o.LlmTimeout > TimeSpan.FromHours(1))
        {
            yield return Setting(nameof(o.LlmTimeout), o.LlmTimeout, "between 0 and 1 hour, e.g. \"00:00:30\"");
        }

        if (o.LlmBreakAfterFailures < 2)
        {
            yield return Setting(nameof(o.LlmBreakAfterFailures), o.LlmBreakAfterFailures, "at least 2 (default 4)");
        }

        if (o.LlmBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return Setting(nameof(o.LlmBreakDuration), o.LlmBreakDuration, "at least 500 ms, e.g. \"00:00:30\"");
        }

        if (o.LlmCacheSize < 0)
        {
            yield return Setting(nameof(o.LlmCacheSize), o.LlmCacheSize, "0 (no cache) or more (default 1024)");
        }
    }

    private static string Setting(string property, object? value, string expected) =>
        $"PoetOptions.{property} (configuration '{PoetOptions.ConfigurationSection}:{property}') is {value}; it must be {expected}.";
}
