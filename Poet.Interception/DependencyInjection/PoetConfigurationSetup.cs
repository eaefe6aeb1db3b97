using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Poet.Interception;

/// <summary>
/// The first configuration step of <c>services.AddPoet()</c>: the <c>Poet</c> configuration section (appsettings,
/// <c>Poet__StorePath</c>-style environment variables, ...) when an <see cref="IConfiguration"/> is registered, then
/// POET's own environment variables (<c>POET_STORE_PATH</c>, <c>AITOMATIC_API_URL</c>, ...). The
/// <c>AddPoet(o =&gt; ...)</c> code runs after it, so code wins.
/// </summary>
/// <remarks>
/// Plain settings bind by name (<c>Poet:StorePath</c>, <c>Poet:RecorderCapacity</c>, <c>Poet:StartupTimeout</c>, ...).
/// The settings made by methods have keys of their own: <c>Poet:ServiceUrl</c> (<c>local</c> or a URL) with
/// <c>Poet:ServiceApiKey</c> for <see cref="PoetOptions.UseService"/>, and <c>Poet:OllamaUrl</c> with
/// <c>Poet:OllamaModel</c> for <see cref="PoetOptions.UseOllama"/>.
/// </remarks>
/// <param name="configuration">The app's configuration, if any.</param>
internal sealed class PoetConfigurationSetup(IConfiguration? configuration = null) : IConfigureOptions<PoetOptions>
{
    /// <summary>The configuration keys (under <c>Poet:</c>) standing for POET's environment variables.</summary>
    private static readonly Dictionary<string, string> KeysOfVariables = new(StringComparer.Ordinal)
    {
        [PoetOptions.StorePathVariable] = nameof(PoetOptions.StorePath),
        [PoetOptions.OllamaUrlVariable] = "OllamaUrl",
        [PoetOptions.OllamaModelVariable] = "OllamaModel",
        [PoetOptions.ServiceUrlVariable] = "ServiceUrl",
        [PoetOptions.ServiceApiKeyVariable] = "ServiceApiKey",
    };

    /// <inheritdoc />
    public void Configure(PoetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration?.GetSection(PoetOptions.ConfigurationSection);
        if (section is not null && section.Exists())
        {
            section.Bind(options);
            try
            {
                options.ApplyEnvironment(variable => section[KeysOfVariables[variable]]);
            }
            catch (ArgumentException ex)
            {
                throw new OptionsValidationException(
                    Options.DefaultName,
                    typeof(PoetOptions),
                    [$"Configuration section '{PoetOptions.ConfigurationSection}': {Rename(ex.Message)}"]);
            }
        }

        options.ApplyEnvironment();
    }

    /// <summary>Names configuration keys instead of environment variables in a message from <see cref="PoetOptions.ApplyEnvironment"/>.</summary>
    private static string Rename(string message)
    {
        foreach (var (variable, key) in KeysOfVariables)
        {
            message = message.Replace(variable, $"{PoetOptions.ConfigurationSection}:{key}", StringComparison.Ordinal);
        }

        return message;
    }
}
