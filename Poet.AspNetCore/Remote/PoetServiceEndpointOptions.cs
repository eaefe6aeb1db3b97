namespace Poet;

/// <summary>Settings of the endpoints a remote-mode client needs (<c>app.MapPoetServiceEndpoints()</c>).</summary>
public sealed class PoetServiceEndpointOptions
{
    /// <summary>
    /// The API key every request must carry in <see cref="ApiKeyHeader"/>. Default: the configuration value
    /// <c>AITOMATIC_API_KEY</c> (the environment variable), else <c>Poet:Endpoints:ApiKey</c> (the key the <c>/poet/*</c> endpoints read too). Mapping fails when none is set.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The header that carries the API key. Default <c>X-Api-Key</c>.</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>The most execution records one batch may carry. Default 10,000.</summary>
    public int MaxBatchRecords { get; set; } = 10_000;

    /// <summary>The largest request body accepted, in bytes. Default 32 MiB.</summary>
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;
}
