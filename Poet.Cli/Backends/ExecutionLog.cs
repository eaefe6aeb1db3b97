using System.Globalization;
using System.Text.Json;

namespace Poet.Cli.Backends;

/// <summary>
/// Reads the execution log of a store folder (<c>executions/*.jsonl</c>: one JSON object per line, as the store
/// documents it), newest segment first or oldest first. A line still being written by another process is skipped.
/// </summary>
internal static class ExecutionLog
{
    /// <summary>Which executions to read.</summary>
    /// <param name="Function">Only this function id.</param>
    /// <param name="Outcome">Only this outcome (<c>Success</c>, <c>Failed</c>, ... case-insensitive).</param>
    /// <param name="Since">Only executions started at or after this time.</param>
    internal sealed record Filter(string? Function, string? Outcome, DateTimeOffset? Since)
    {
        /// <summary>Whether a line matches.</summary>
        /// <param name="line">The execution's fields.</param>
        /// <returns><see langword="true"/> when it matches.</returns>
        public bool Matches(ExecutionLine line) =>
            (Function is null || string.Equals(line.FunctionId, Function, StringComparison.Ordinal))
            && (Outcome is null || string.Equals(line.Outcome, Outcome, StringComparison.OrdinalIgnoreCase))
            && (Since is null || line.StartedAt >= Since);
    }

    /// <summary>The executions matching <paramref name="filter"/>.</summary>
    /// <param name="storePath">The store folder.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="newestFirst">Newest first (listing) or oldest first (export).</param>
    /// <returns>The matching lines.</returns>
    public static IEnumerable<ExecutionLine> Read(string storePath, Filter filter, bool newestFirst)
    {
        var folder = Path.Combine(storePath, "executions");
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var segments = Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (newestFirst)
        {
            segments.Reverse();
        }

        foreach (var segment in segments)
        {
            var lines = ReadSegment(segment).Where(filter.Matches).ToList();
            lines.Sort((a, b) => newestFirst ? b.StartedAt.CompareTo(a.StartedAt) : a.StartedAt.CompareTo(b.StartedAt));
            foreach (var line in lines)
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<ExecutionLine> ReadSegment(string path)
    {
        List<string> texts;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            texts = [];
            while (reader.ReadLine() is { } text)
            {
                texts.Add(text);
            }
        }
        catch (FileNotFoundException)
        {
            yield break; // sealed or removed by retention meanwhile
        }

        foreach (var text in texts)
        {
            if (ExecutionLine.TryParse(text) is { } line)
            {
                yield return line;
            }
        }
    }
}

/// <summary>One execution as stored: the fields a listing shows, and the stored JSON verbatim.</summary>
/// <param name="Id">The execution id.</param>
/// <param name="FunctionId">The function.</param>
/// <param name="Version">The version it ran with.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Json">The stored JSON object.</param>
internal sealed record ExecutionLine(string Id, string FunctionId, int Version, DateTimeOffset StartedAt, double DurationMs, string Outcome, string Json)
{
    /// <summary>Parses a stored line; null when it is not a complete execution object.</summary>
    /// <param name="text">The line.</param>
    /// <returns>The execution, or null.</returns>
    public static ExecutionLine? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return new ExecutionLine(
                root.GetProperty("id").GetString()!,
                root.GetProperty("functionId").GetString()!,
                root.TryGetProperty("version", out var v) ? v.GetInt32() : 0,
                root.GetProperty("startedAt").GetDateTimeOffset(),
                root.TryGetProperty("durationMs", out var d) ? d.GetDouble() : 0,
                root.TryGetProperty("outcome", out var o) ? o.ToString() : string.Empty,
                text);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The start time as a table shows it.</summary>
    public string Started => StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
