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
    /// <remarks>
    /// A record without a signal (the payload as received, before translation and training) is written atomically
    /// without waiting for the disk: it survives the process being killed, and a power loss can take it only before the
    /// feedback is answered (the caller sends it again). A processed record (with its signal) is durable when this
    /// returns: it goes through its function folder's journal (one flush, shared with nothing else; see
    /// <see cref="FunctionJournal"/>), or, for a function without a folder here, is flushed with its folder.
    /// </remarks>
    public async Task SaveAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (record?.Signal is null)
        {
            Write(record!, Durability.None);
            return;
        }

        var functionFolder = Path.Combine(_root.RootPath, FunctionFolderName.Encode(record.FunctionId));
        if (!Directory.Exists(functionFolder))
        {
            Write(record, Durability.Flush);
            return;
        }

        _root.ThrowIfUnusable();
        FileLock held;
        try
        {
            held = await FileLock.AcquireAsync(Path.Combine(functionFolder, StoreLayout.LockFile), _root.Journals.Gates, _root.Options.StoreLockTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException and not PoetStoreException || ex is UnauthorizedAccessException)
        {
            throw new PoetStoreException($"Cannot lock '{functionFolder}' to write a feedback record: {ex.Message}", ex);
        }

        using (held)
        {
            Write(record, Durability.Journal, _root.Journals.For(functionFolder));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each record is written atomically (temporary file, then rename) but not flushed to disk one by one: at a
    /// hundred thousand records a flush each would dominate an import. The versions the batch wrote list the feedback
    /// ids, which is what keeps a re-delivered batch from being applied twice after a crash; they were journaled without
    /// a flush (see <see cref="FunctionJournal.Commit"/>), so the journal of each function of the batch is flushed here,
    /// once, before this returns.
    /// </remarks>
    public async Task SaveManyAsync(IReadOnlyList<FeedbackRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(record, Durability.None);
        }

        foreach (var functionId in records.Select(r => r.FunctionId).Distinct(StringComparer.Ordinal))
        {
            var functionFolder = Path.Combine(_root.RootPath, FunctionFolderName.Encode(functionId));
            if (!Directory.Exists(functionFolder))
            {
                continue;
            }

            try
            {
                using (await FileLock.AcquireAsync(Path.Combine(functionFolder, StoreLayout.LockFile), _root.Journals.Gates, _root.Options.StoreLockTimeout, CancellationToken.None)
                    .ConfigureAwait(false))
                {
                    _root.Journals.For(functionFolder).FlushPending();
                }
            }
            catch (Exception ex) when (ex is IOException and not PoetStoreException || ex is UnauthorizedAccessException)
            {
                throw new PoetStoreException($"Cannot flush the journal of '{functionFolder}' after a feedback batch: {ex.Message}", ex);
            }
        }
    }

    /// <inheritdoc />
    public async Task<FeedbackRecord?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var record = await FindAsync(FeedbackKeys.IdFor(idempotencyKey), cancellationToken).ConfigureAwait(false);
        return record is not null && string.Equals(record.IdempotencyKey, idempotencyKey, StringComparison.Ordinal) ? record : null;
    }

    /// <inheritdoc />
    /// <remarks>One stat (and one read when it exists) of the record's file in the function's folder.</remarks>
    public Task<FeedbackRecord?> FindByIdempotencyKeyAsync(string functionId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        var id = FeedbackKeys.IdFor(idempotencyKey);
        var record = ReadIfExists(Path.Combine(FunctionFolder(functionId), FileName(id)), id);
        return Task.FromResult(record is not null && string.Equals(record.IdempotencyKey, idempotencyKey, StringComparison.Ordinal) ? record : null);
    }

    private void Write(FeedbackRecord record, Durability durability, FunctionJournal? journal = null)
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
            switch (durability)
            {
                case Durability.Journal:
                    journal!.Commit(new JournalEntry
                    {
                        Id = Guid.NewGuid().ToString("N"),
                        At = DateTimeOffset.UtcNow,
                        ProcessId = Environment.ProcessId,
                        Files = [new JournalFile(FunctionJournal.RelativePath(_root, path), bytes)],
                    });
                    break;
                case Durability.Flush:
                    AtomicFile.Write(path, bytes, flushToDisk: true);
                    FolderFlush.Flush(folder);
                    break;
                default:
                    AtomicFile.Write(path, bytes, flushToDisk: false);
                    break;
            }

            _retention.Saved(bytes.Length);

            // Learning saves a feedback record twice (the raw payload first, then with its signal and changes) and lists the
            // newest records on every feedback: the cache keeps the record as its file now reads, so it is not read back.
            if (_recent.TryGetValue(record.FunctionId, out var recent))
            {
                recent.Wrote(Path.GetFileName(path), FeedbackDocument.Read(bytes));
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

        // Each function's folder is asked with a stat, not a read: a missing file would cost an exception per folder.
        var fileName = FileName(id);
        foreach (var dir in Directory.EnumerateDirectories(_folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadIfExists(Path.Combine(dir, fileName), id) is { } record)
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

    /// <summary>The record with <paramref name="id"/> in <paramref name="path"/>; a missing file costs a stat, not an exception.</summary>
    private FeedbackRecord? ReadIfExists(string path, string id) =>
        File.Exists(path) && TryRead(path) is { } record && string.Equals(record.Id, id, StringComparison.Ordinal) ? record : null;

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

    /// <summary>How a feedback record reaches the disk.</summary>
    private enum Durability
    {
        /// <summary>Atomically, not flushed (survives the process, not a power loss).</summary>
        None,

        /// <summary>Through the function folder's journal (flushed once).</summary>
        Journal,

        /// <summary>The file and its folder flushed.</summary>
        Flush,
    }
}
