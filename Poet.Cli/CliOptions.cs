using System.CommandLine;

namespace Poet.Cli;

/// <summary>The options every command takes (<c>--store</c>, <c>--service</c>, <c>--key</c>, <c>--json</c>).</summary>
internal sealed class CliOptions
{
    /// <summary><c>--store DIR</c>: a local store folder.</summary>
    public Option<string?> Store { get; } = new("--store")
    {
        Description = "The .poet store folder (default: POET_STORE_PATH, else .poet). Ignored with --service.",
        Recursive = true,
        HelpName = "DIR",
    };

    /// <summary><c>--service URL</c>: a POET service.</summary>
    public Option<Uri?> Service { get; } = new("--service")
    {
        Description = "A POET service's URL (default: AITOMATIC_API_URL unless it is 'local'). PostgreSQL works through a PoetServer on PostgreSQL.",
        Recursive = true,
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            result.AddError($"--service '{text}' is not an http(s) URL; give the service's base URL, such as http://localhost:8080.");
            return null;
        },
    };

    /// <summary><c>--key KEY</c>: the service's API key.</summary>
    public Option<string?> Key { get; } = new("--key")
    {
        Description = "The POET service's API key (default: AITOMATIC_API_KEY).",
        Recursive = true,
        HelpName = "KEY",
    };

    /// <summary><c>--json</c>: JSON output.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON (stable shapes, see the README) instead of tables.",
        Recursive = true,
    };
}
