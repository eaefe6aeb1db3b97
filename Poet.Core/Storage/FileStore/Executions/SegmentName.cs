using System.Globalization;

namespace Poet.Storage.FileStore;

/// <summary>
/// Names of execution log segments, which carry their time range so that an id's time picks the segment:
/// <list type="bullet">
/// <item>open (being written): <c>{opened}_{writer}.open.jsonl</c></item>
/// <item>sealed: <c>{first}_{last}_{writer}.jsonl</c> with its index <c>{first}_{last}_{writer}.idx</c></item>
/// </list>
/// Times are UTC with milliseconds (<c>20260101T120000123Z</c>): <c>first</c>/<c>last</c> are the smallest and largest
/// id times inside. <c>writer</c> names the process instance that wrote the segment.
/// </summary>
internal static class SegmentName
{
    /// <summary>The extension of segments.</summary>
    public const string Extension = ".jsonl";

    /// <summary>The extension of open segments.</summary>
    public const string OpenExtension = ".open.jsonl";

    /// <summary>The extension of sealed segments' indexes.</summary>
    public const string IndexExtension = ".idx";

    private const string StampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>A new writer id for this process instance (no <c>_</c> or <c>.</c>).</summary>
    /// <returns>The writer id.</returns>
    public static string NewWriterId() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId:x}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>The file name of an open segment.</summary>
    /// <param name="openedMs">When it was opened (Unix ms).</param>
    /// <param name="writer">The writer id.</param>
    /// <returns>The name.</returns>
    public static string Open(long openedMs, string writer) => $"{Stamp(openedMs)}_{writer}{OpenExtension}";

    /// <summary>The file name of a sealed segment.</summary>
    /// <param name="firstMs">The smallest id time inside.</param>
    /// <param name="lastMs">The largest id time inside.</param>
    /// <param name="writer">The writer id.</param>
    /// <returns>The name.</returns>
    public static string Sealed(long firstMs, long lastMs, string writer) => $"{Stamp(firstMs)}_{Stamp(lastMs)}_{writer}{Extension}";

    /// <summary>The index path of a sealed segment's path.</summary>
    /// <param name="segmentPath">The segment.</param>
    /// <returns>The index path.</returns>
    public static string IndexPathFor(string segmentPath) =>
        string.Concat(segmentPath.AsSpan(0, segmentPath.Length - Extension.Length), IndexExtension);

    /// <summary>Parses a segment file name.</summary>
    /// <param name="fileName">The file name (no folder).</param>
    /// <param name="info">The parsed parts.</param>
    /// <returns><see langword="false"/> when the name is not a segment's.</returns>
    public static bool TryParse(string fileName, out (bool IsOpen, long FirstMs, long LastMs, string Writer) info)
    {
        info = default;
        if (fileName.EndsWith(OpenExtension, StringComparison.Ordinal))
        {
            var parts = fileName[..^OpenExtension.Length].Split('_');
            if (parts.Length == 2 && TryParseStamp(parts[0], out var opened) && parts[1].Length > 0)
            {
                info = (true, opened, long.MaxValue, parts[1]);
                return true;
            }

            return false;
        }

        if (fileName.EndsWith(Extension, StringComparison.Ordinal) && !fileName.StartsWith('.'))
        {
            var parts = fileName[..^Extension.Length].Split('_');
            if (parts.Length == 3 && TryParseStamp(parts[0], out var first) && TryParseStamp(parts[1], out var last) && first <= last && parts[2].Length > 0)
            {
                info = (false, first, last, parts[2]);
                return true;
            }
        }

        return false;
    }

    private static string Stamp(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);

    private static bool TryParseStamp(string text, out long ms)
    {
        ms = 0;
        if (!DateTime.TryParseExact(text, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        ms = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        return true;
    }
}
