using System.Net.Http.Headers;

namespace Poet.Remote;

/// <summary>
/// The versioned content type of the compact execution batch (docs/remote-wire-format.md): JSON lines in the execution
/// log's format, <c>application/x-ndjson; version=1</c>. A batch without a version is read as version 1 (what clients
/// sent before the version was named); a service refuses a version it does not read (415) instead of guessing.
/// </summary>
internal static class ExecutionBatchFormat
{
    /// <summary>The batch version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The media type parameter that names the version.</summary>
    public const string VersionParameter = "version";

    /// <summary>The full content type a client sends.</summary>
    public static readonly string ContentType = $"{RemoteRoutes.JsonLinesMediaType}; {VersionParameter}={Version}";

    /// <summary>What a request's content type says about its body.</summary>
    public enum Kind
    {
        /// <summary>Not the compact batch (the older JSON array, or anything else).</summary>
        Other,

        /// <summary>The compact batch in a version this code reads.</summary>
        JsonLines,

        /// <summary>The compact batch in a version this code does not read.</summary>
        UnknownVersion,
    }

    /// <summary>A new header value for a request (each request gets its own: headers are mutable).</summary>
    /// <returns>The content type.</returns>
    public static MediaTypeHeaderValue Header() => new(RemoteRoutes.JsonLinesMediaType)
    {
        Parameters = { new NameValueHeaderValue(VersionParameter, Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
    };

    /// <summary>Reads a content type.</summary>
    /// <param name="contentType">The request's Content-Type, or null.</param>
    /// <param name="version">The version it names (null when none), for messages.</param>
    /// <returns>What the body is.</returns>
    public static Kind Of(string? contentType, out string? version)
    {
        version = null;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !string.Equals(parsed.MediaType, RemoteRoutes.JsonLinesMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Kind.Other;
        }

        foreach (var parameter in parsed.Parameters)
        {
            if (string.Equals(parameter.Name, VersionParameter, StringComparison.OrdinalIgnoreCase))
            {
                version = parameter.Value?.Trim('"');
            }
        }

        return version is null || version == "1" ? Kind.JsonLines : Kind.UnknownVersion;
    }
}
