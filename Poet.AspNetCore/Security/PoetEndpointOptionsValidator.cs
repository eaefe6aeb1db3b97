using Microsoft.Extensions.Options;

namespace Poet.AspNetCore.Security;

/// <summary>Refuses to start with options the endpoints cannot serve safely; each message says how to fix it.</summary>
internal sealed class PoetEndpointOptionsValidator : IValidateOptions<PoetEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, PoetEndpointOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add(
                $"The /poet endpoints need an API key: set the environment variable {PoetEndpointOptions.ApiKeyVariable} " +
                $"(or {PoetEndpointOptions.SeedApiKeyVariable}), or '{PoetEndpointOptions.SectionName}:ApiKey' in configuration, " +
                "or PoetEndpointOptions.ApiKey in AddPoetEndpoints(o => ...). Generate one with: openssl rand -hex 32");
        }

        if (string.IsNullOrWhiteSpace(options.HeaderName) || !options.HeaderName.All(IsTokenChar))
        {
            failures.Add(
                $"PoetEndpointOptions.HeaderName '{options.HeaderName}' is not a valid HTTP header name; use letters, digits and '-', " +
                $"for example '{PoetEndpointOptions.DefaultHeaderName}'.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add(
                $"PoetEndpointOptions.MaxRequestBodyBytes is {options.MaxRequestBodyBytes}; allow at least 1024 bytes " +
                $"(default {PoetEndpointOptions.DefaultMaxRequestBodyBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
