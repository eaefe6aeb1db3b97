namespace Poet.Remote;

/// <summary>What the service answered about a function's current version.</summary>
/// <param name="Version">The version, when it changed (or was registered).</param>
/// <param name="ETag">The version's ETag, to send back in <c>If-None-Match</c>.</param>
/// <param name="IsNotFound">The service does not know the function (its store was replaced): register again.</param>
internal sealed record VersionAnswer(FunctionVersion? Version, string? ETag, bool IsNotFound)
{
    /// <summary>The version held is still current (HTTP 304).</summary>
    public static readonly VersionAnswer NotModified = new(null, null, false);

    /// <summary>The service does not know the function (HTTP 404).</summary>
    public static readonly VersionAnswer NotFound = new(null, null, true);

    /// <summary>A new (or newly registered) version.</summary>
    /// <param name="version">The version.</param>
    /// <param name="etag">Its ETag.</param>
    /// <returns>The answer.</returns>
    public static VersionAnswer Changed(FunctionVersion version, string? etag) => new(version, etag, false);
}
