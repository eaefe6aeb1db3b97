using System.Globalization;

namespace Poet.Remote;

/// <summary>The ETag of a function's current version: its number and creation time, so a rollback or a replaced store changes it.</summary>
internal static class VersionETag
{
    /// <summary>The quoted ETag of <paramref name="version"/>.</summary>
    /// <param name="version">The version.</param>
    /// <returns>For example <c>"3-8dd2c1a4b5e6f70"</c>.</returns>
    public static string Of(FunctionVersion version) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{version.Version}-{version.CreatedAt.UtcTicks:x}\"");

    /// <summary>Whether an <c>If-None-Match</c> header matches <paramref name="etag"/>.</summary>
    /// <param name="ifNoneMatch">The header's values.</param>
    /// <param name="etag">The current ETag.</param>
    /// <returns><see langword="true"/> when the client holds the current version.</returns>
    public static bool Matches(IEnumerable<string?> ifNoneMatch, string etag) =>
        ifNoneMatch.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(tag => tag == "*" || tag == etag || tag == "W/" + etag);
}
