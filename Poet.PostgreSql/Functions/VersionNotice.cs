using System.Globalization;

namespace Poet.PostgreSql.Functions;

/// <summary>
/// The payload of a <c>poet_versions</c> notification: <c>{revision}:{version}:{function id}</c>. The revision counts
/// every change of a function's current version, so a notice older than what a process already knows is ignored
/// (versions alone go down on rollback).
/// </summary>
/// <param name="FunctionId">The function.</param>
/// <param name="Revision">The function's change counter after the change.</param>
/// <param name="Version">The new current version.</param>
internal sealed record VersionNotice(string FunctionId, long Revision, int Version)
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "poet_versions";

    /// <summary>The SQL expression that builds the payload from <c>poet.functions</c> columns.</summary>
    public const string PayloadSql = "revision || ':' || current_version || ':' || function_id";

    /// <summary>Parses a payload; null when it is not one of ours.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The notice.</returns>
    public static VersionNotice? TryParse(string payload)
    {
        var first = payload.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : payload.IndexOf(':', first + 1);
        if (second < 0
            || !long.TryParse(payload.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            || !int.TryParse(payload.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }

        return new VersionNotice(payload[(second + 1)..], revision, version);
    }
}
