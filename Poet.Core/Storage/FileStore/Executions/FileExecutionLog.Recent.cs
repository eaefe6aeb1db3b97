using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>A function's newest executions, read from the ends of the log's segments, newest segments first.</summary>
internal sealed partial class FileExecutionLog
{
    /// <summary>How often the listing starts over when a segment was sealed (renamed) or deleted while it was read.</summary>
    private const int RecentAttempts = 3;

    /// <inheritdoc />
    public Task<IReadOnlyList<ExecutionRecord>> ListRecentAsync(string functionId, int limit, DateTimeOffset? since = null,
        CancellationToken cancellationToken = default) => _recorder.ListRecentAsync(functionId, limit, since, cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlyList<ExecutionRecord>> IExecutionBatchSink.ListRecentAsync(string functionId, int limit, DateTimeOffset? since,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        for (var attempt = 1; ; attempt++)
        {
            if (ListRecent(functionId, limit, since?.ToUnixTimeMilliseconds() ?? long.MinValue, cancellationToken, out var moved) is var found
                && (!moved || attempt == RecentAttempts))
            {
                return Task.FromResult(found);
            }
        }
    }

    /// <summary>
    /// Reads each segment from its end (its newest lines) until it holds <paramref name="limit"/> of the function's
    /// records or lines older than <paramref name="sinceMs"/>; segments are taken newest first and the reading stops at
    /// the first one that cannot hold anything newer than what was found.
    /// </summary>
    private IReadOnlyList<ExecutionRecord> ListRecent(string functionId, int limit, long sinceMs, CancellationToken cancellationToken, out bool moved)
    {
        moved = false;
        var found = new Dictionary<UInt128, ExecutionRecord>();
        foreach (var (path, lastMs) in SegmentsNewestFirst())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lastMs < sinceMs || (found.Count >= limit && lastMs < KthNewest(found, limit)))
            {
                break;
            }

            var taken = 0;
            try
            {
                LogTail.ForEachLineBackward(path, (_, line) =>
                {
                    if (!ExecutionLine.TryReadKey(line, out var key))
                    {
                        return true;
                    }

                    if (ExecutionKey.Milliseconds(key) < sinceMs)
                    {
                        return false;
                    }

                    if (!found.ContainsKey(key) && LogTail.IsOf(line, functionId) && Read(line, path) is { } record)
                    {
                        found[key] = record;
                        taken++;
                    }

                    return taken < limit;
                });
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or EndOfStreamException)
            {
                moved = true; // sealed under its new name, or deleted by retention, while it was read
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET execution log: cannot read {Path} for a function's recent executions", path);
            }
        }

        return [.. found.OrderByDescending(f => f.Key).Take(limit).Select(f => f.Value)];
    }

    /// <summary>The segments to read: this log's open and sealing ones and every listed one, by their newest id time, newest first (open segments of other writers first).</summary>
    private List<(string Path, long LastMs)> SegmentsNewestFirst()
    {
        var segments = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var open in Volatile.Read(ref _sealing).Prepend(Volatile.Read(ref _active)))
        {
            if (open is { Count: > 0 })
            {
                segments[open.Path] = open.LastMs;
            }
        }

        foreach (var segment in _catalog.Refresh())
        {
            segments.TryAdd(segment.Path, segment.LastMs);
        }

        var ordered = segments.Select(s => (s.Key, s.Value)).ToList();
        ordered.Sort(static (a, b) => b.Item2.CompareTo(a.Item2));
        return ordered;
    }

    private static long KthNewest(Dictionary<UInt128, ExecutionRecord> found, int k) =>
        ExecutionKey.Milliseconds(found.Keys.OrderByDescending(key => key).ElementAt(k - 1));

    private ExecutionRecord? Read(ReadOnlySpan<byte> line, string path)
    {
        try
        {
            return ExecutionLine.Read(line);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "POET execution log: a line in {Path} is unreadable: {Line}", path, ExecutionLine.Describe(line));
            return null;
        }
    }
}
