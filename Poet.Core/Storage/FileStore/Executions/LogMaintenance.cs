using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// Background upkeep of the execution log, never on the writer's path: seals segments left open by processes that
/// stopped, and applies retention (<see cref="PoetOptions.ExecutionRetention"/>,
/// <see cref="PoetOptions.ExecutionRetentionMegabytes"/>) by deleting the oldest sealed segments with their indexes.
/// Open segments are never deleted, so writers (here and in other processes) are never disturbed.
/// </summary>
internal sealed class LogMaintenance
{
    private readonly SegmentCatalog _catalog;
    private readonly SegmentRepair _repair;
    private readonly PoetOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the upkeep of one log.</summary>
    /// <param name="catalog">The log's segments.</param>
    /// <param name="repair">Seals orphaned segments.</param>
    /// <param name="options">The retention options.</param>
    /// <param name="logger">Where deletions are reported.</param>
    public LogMaintenance(SegmentCatalog catalog, SegmentRepair repair, PoetOptions options, ILogger logger)
    {
        _catalog = catalog;
        _repair = repair;
        _options = options;
        _logger = logger;
    }

    /// <summary>Runs one pass.</summary>
    /// <param name="ownWriter">This log's writer id: its own open segments are sealed by itself, never recovered.</param>
    /// <param name="now">The current time.</param>
    public void Run(string ownWriter, DateTimeOffset now)
    {
        foreach (var segment in _catalog.Refresh())
        {
            if (segment.IsOpen && !string.Equals(segment.Writer, ownWriter, StringComparison.Ordinal)
                && _repair.TryRecoverOrphan(segment) is { } recovered)
            {
                _catalog.Remove(segment.Path);
                _catalog.Add(recovered);
            }
        }

        ApplyRetention(now);
    }

    private void ApplyRetention(DateTimeOffset now)
    {
        var segments = _catalog.Refresh();
        var sealedSegments = segments.Where(s => !s.IsOpen).OrderBy(s => s.LastMs).ToList();
        if (_options.ExecutionRetention is { } age && age > TimeSpan.Zero)
        {
            var cutoff = (now - age).ToUnixTimeMilliseconds();
            foreach (var segment in sealedSegments.Where(s => s.LastMs < cutoff).ToList())
            {
                Delete(segment, "older than the retention of " + age);
                sealedSegments.Remove(segment);
            }
        }

        if (_options.ExecutionRetentionMegabytes is { } megabytes && megabytes >= 0)
        {
            var limit = megabytes * 1024L * 1024L;
            var sizes = segments.ToDictionary(s => s.Path, s => Size(s.Path) + (s.IsOpen ? 0 : Size(s.IndexPath)), StringComparer.Ordinal);
            var total = sizes.Values.Sum();
            foreach (var segment in sealedSegments)
            {
                if (total <= limit)
                {
                    break;
                }

                Delete(segment, $"the execution log exceeds {megabytes} MB");
                total -= sizes[segment.Path];
            }
        }
    }

    private void Delete(SegmentInfo segment, string reason)
    {
        try
        {
            File.Delete(segment.Path);
            File.Delete(segment.IndexPath);
            _catalog.Remove(segment.Path);
            _logger.LogInformation("POET execution log: deleted {Path}: {Reason}", segment.Path, reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "POET execution log: cannot delete {Path} ({Reason}); will retry", segment.Path, reason);
        }
    }

    private static long Size(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
