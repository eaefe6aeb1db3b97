using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// <see cref="IFeedbackStore"/> over <c>.poet/feedback/{function}/{id}.json</c>: one indented JSON file per feedback
/// (readable with <c>cat</c>/<c>jq</c>), written atomically; the raw payload verbatim (see <see cref="FeedbackDocument"/>).
/// </summary>
internal sealed class FileFeedbackStore : IFeedbackStore
{
    private const string Extension = ".json";

    private readonly StoreRoot _root;
    private readonly string _folder;
    private readonly ILogger _logger;
    private readonly FeedbackRetention _retention;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RecentFeedbackCache> _recent = new(StringComparer.Ordinal);

    /// <summary>Creates the store over a checked root.</summary>
    /// <param name="root">The store root.</param>
    public FileFeedbackStore(StoreRoot root)
    {
        _root = root;
        _folder = Path.Combine(root.RootPath, StoreLayout.FeedbackFolder);
        _logger = root.LoggerFactory.CreateLogger("Poet.Store.Feedback");
        _retention = new FeedbackRetention(_folder, root.Options, _logger);
    }

    /// <inheritdoc />
    public Task SaveAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(record, flushToDisk: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each record is written atomically (temporary file, then rename) but not flushed to disk one by one: at a
    /// hundred thousand records a flush each would dominate an import. The versions the batch wrote (flushed) list
    /// the feedback ids, which is what keeps a re-delivered batch from being applied twice after a crash.
    /// </remarks>
    public Task SaveManyAsync(IReadOnlyList<FeedbackRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(record, flushToDisk: false);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<FeedbackRecord?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var record = await FindAsync(FeedbackKeys.IdFor(idempotencyKey), cancellationToken).ConfigureAwait(false);
        return record is not null && string.Equals(record.IdempotencyKey, idempotencyKey, StringComparison.Ordinal) ? record : null;
    }

    private void Write(FeedbackRecord record, bool flushToDisk)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.Id);
        if (record.IdempotencyKey is { } key && !string.Equals(record.Id, FeedbackKeys.IdFor(key), StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Feedback record '{record.Id}' has an idempotency key but not the id that key names; use FeedbackKeys.IdFor(key) as the id.",
                nameof(record));
        }

        _root.ThrowIfUnusable();
        var folder = FunctionFolder(record.FunctionId);
        var path = Path.Combine(folder, FileName(record.Id));
        try
        {
            Directory.CreateDirectory(folder);
            var bytes = FeedbackDocument.Write(record, Math.Max(0, _root.Options.MaxStoredFeedbackChars));
            AtomicFile.Write(path, bytes, flushToDisk);
            _retention.Saved(bytes.Length);

            // Learning saves a feedback record twice (the raw payload first, then with its signal and changes): a record
            // rewritten through the store is read again by the next ListRecentAsync, not served from the cache.
            if (_recent.TryGetValue(record.FunctionId, out var recent))
            {
                recent.Forget(Path.GetFileName(path));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PoetStoreException($"Cannot write the feedback record '{path}': {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public Task<FeedbackRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (!Directory.Exists(_folder))
        {
            return Task.FromResult<FeedbackRecord?>(null);
        }

        var fileName = FileName(id);
        foreach (var dir in Directory.EnumerateDirectories(_folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(dir, fileName);
            if (TryRead(path) is { } record && string.Equals(record.Id, id, StringComparison.Ordinal))
            {
                return Task.FromResult<FeedbackRecord?>(record);
            }
        }

        return Task.FromResult<FeedbackRecord?>(null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FeedbackRecord>> ListAsync(string functionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        var folder = FunctionFolder(functionId);
        var records = new List<FeedbackRecord>();
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*" + Extension))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!AtomicFile.IsTempFile(Path.GetFileName(path))
                    && TryRead(path) is { } record
                    && string.Equals(record.FunctionId, functionId, StringComparison.Ordinal))
                {
                    records.Add(record);
                }
            }
        }

        records.Sort(static (a, b) =>
        {
            var byTime = a.ReceivedAt.CompareTo(b.ReceivedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
        });
        return Task.FromResult<IReadOnlyList<FeedbackRecord>>(records);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lists the function's folder and reads only the files that are new since the previous call (feedback files never
    /// change once written); the newest records are kept in memory, older ones as their time and id.
    /// </remarks>
    public Task<IReadOnlyList<FeedbackRecord>> ListRecentAsync(string functionId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var folder = FunctionFolder(functionId);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult<IReadOnlyList<FeedbackRecord>>([]);
        }

        var names = Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(Path.GetFileName)
            .Where(name => !AtomicFile.IsTempFile(name!))
            .Cast<string>();
        var cache = _recent.GetOrAdd(functionId, static _ => new RecentFeedbackCache());
        var newest = cache.Newest(folder, names, limit, path =>
            TryRead(path) is { } record && string.Equals(record.FunctionId, functionId, StringComparison.Ordinal) ? record : null, cancellationToken);
        return Task.FromResult<IReadOnlyList<FeedbackRecord>>(newest);
    }

    private string FunctionFolder(string functionId) => Path.Combine(_folder, FunctionFolderName.Encode(functionId));

    private static string FileName(string id) => FunctionFolderName.Encode(id) + Extension;

    private FeedbackRecord? TryRead(string path)
    {
        var bytes = StoreFiles.TryReadAllBytes(path, _logger);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return FeedbackDocument.Read(bytes);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            _root.Quarantine.Move(path, $"not a valid feedback record: {ex.Message}");
            return null;
        }
    }
}
