using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// Keeps <c>.poet/feedback/</c> within <see cref="PoetOptions.FeedbackRetention"/> (age) and
/// <see cref="PoetOptions.FeedbackRetentionMegabytes"/> (size) by deleting the oldest records. A pass runs after a save
/// once an eighth of the size limit was written since the last pass, or a minute passed: the folder stays under
/// the limit plus an eighth (plus one record).
/// </summary>
internal sealed class FeedbackRetention
{
    private static readonly long MinInterval = Stopwatch.Frequency * 60;

    private readonly string _folder;
    private readonly TimeSpan? _maxAge;
    private readonly long? _maxBytes;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private long _writtenSincePass;
    private long _lastPass = Stopwatch.GetTimestamp();

    /// <summary>Creates the retention of one feedback folder.</summary>
    /// <param name="folder">The feedback folder.</param>
    /// <param name="options">The retention options.</param>
    /// <param name="logger">Reports deletions.</param>
    public FeedbackRetention(string folder, PoetOptions options, ILogger logger)
    {
        _folder = folder;
        _maxAge = options.FeedbackRetention;
        _maxBytes = options.FeedbackRetentionMegabytes is { } mb ? Math.Max(1, mb) * 1024L * 1024L : null;
        _logger = logger;
    }

    /// <summary>Notes a saved record and runs a pass when due.</summary>
    /// <param name="bytes">The record's size.</param>
    public void Saved(long bytes)
    {
        if (_maxAge is null && _maxBytes is null)
        {
            return;
        }

        var written = Interlocked.Add(ref _writtenSincePass, bytes);
        var due = (_maxBytes is { } max && written >= max / 8) || Stopwatch.GetTimestamp() - Interlocked.Read(ref _lastPass) >= MinInterval;
        if (due && _gate.TryEnter())
        {
            try
            {
                Interlocked.Exchange(ref _writtenSincePass, 0);
                Interlocked.Exchange(ref _lastPass, Stopwatch.GetTimestamp());
                Run(DateTime.UtcNow);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET feedback retention: cannot prune {Folder}; it is retried later", _folder);
            }
            finally
            {
                _gate.Exit();
            }
        }
    }

    /// <summary>Deletes records older than the age limit, then the oldest until the folder fits the size limit.</summary>
    /// <param name="now">The current time.</param>
    public void Run(DateTime now)
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }

        var files = new DirectoryInfo(_folder).EnumerateFiles("*.json", SearchOption.AllDirectories)
            .Where(f => !AtomicFile.IsTempFile(f.Name))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ToList();
        var total = files.Sum(f => f.Length);
        var deleted = 0;
        foreach (var file in files)
        {
            var tooOld = _maxAge is { } age && now - file.LastWriteTimeUtc > age;
            var tooBig = _maxBytes is { } max && total > max;
            if (!tooOld && !tooBig)
            {
                break; // sorted oldest first: the rest is newer and fits
            }

            try
            {
                file.Delete();
                total -= file.Length;
                deleted++;
            }
            catch (FileNotFoundException)
            {
            }
        }

        if (deleted > 0)
        {
            _logger.LogInformation("POET feedback retention: deleted the {Count} oldest feedback record(s) in {Folder} (age or size limit)", deleted, _folder);
        }
    }
}
