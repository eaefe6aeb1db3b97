namespace Poet;

/// <summary>
/// Configures the <c>/poet/*</c> HTTP API mapped by <c>app.MapPoetEndpoints()</c>: the API key, the header that
/// carries it, whether reads are open, and the largest request body accepted.
/// </summary>
/// <remarks>
/// <para>
/// Sources, lowest priority first: the configuration section <c>Poet:Endpoints</c> (appsettings, or environment
/// variables such as <c>Poet__Endpoints__ApiKey</c>); then the environment variable <c>AITOMATIC_API_KEY</c> (the
/// seed's name, which the remote-mode client sends); then <c>POET_API_KEY</c>; then code given to
/// <c>services.AddPoetEndpoints(o =&gt; ...)</c>.
/// </para>
/// <para>
/// Writes (feedback, rollback) always need the key; reads need it unless <see cref="AllowAnonymousReads"/> is set.
/// The application does not start without a key.
/// </para>
/// </remarks>
public sealed class PoetEndpointOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Poet:Endpoints";

    /// <summary>The environment variable holding the API key (wins over <see cref="SeedApiKeyVariable"/>).</summary>
    public const string ApiKeyVariable = "POET_API_KEY";

    /// <summary>The seed's environment variable for the API key, also read by the remote-mode client.</summary>
    public const string SeedApiKeyVariable = "AITOMATIC_API_KEY";

    /// <summary>The default header that carries the API key.</summary>
    public const string DefaultHeaderName = "X-Api-Key";

    /// <summary>The default largest request body: 1 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// The key clients must send in <see cref="HeaderName"/> (or as <c>Authorization: Bearer &lt;key&gt;</c>).
    /// Required; use a long random value, for example <c>openssl rand -hex 32</c>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The header that carries the API key. Default <c>X-Api-Key</c>.</summary>
    public string HeaderName { get; set; } = DefaultHeaderName;

    /// <summary>
    /// When <see langword="true"/>, the read endpoints (functions, executions, health details) answer without a key.
    /// Writes always need it. Default <see langword="false"/>.
    /// </summary>
    public bool AllowAnonymousReads { get; set; }

    /// <summary>The largest request body accepted, in bytes; larger bodies get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// Whether <c>/poet/ui</c> serves the dashboard. Default <see langword="true"/>; set
    /// <c>Poet:Endpoints:EnableDashboard</c> to <c>false</c> and it answers 404, leaving only the JSON API; executions
    /// are then not watched (no per-call cost), so the statistics have no call counts and recent executions are not
    /// listed. The dashboard's files hold no data: the page reads the API with the key its user types.
    /// </summary>
    public bool EnableDashboard { get; set; } = true;
}
