using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// <see cref="IFunctionStore"/> over <c>.poet/{function}/</c>: immutable version folders <c>v{n}</c> written
/// completely before <c>current</c> names them, version numbers allocated under a <see cref="FileLock"/> (threads and
/// processes), rollbacks recorded in <c>history.jsonl</c>.
/// </summary>
internal sealed class FileFunctionStore : IFunctionStore
{
    private readonly StoreRoot _root;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates;

    /// <summary>Creates the store over a checked root.</summary>
    /// <param name="root">The store root.</param>
    public FileFunctionStore(StoreRoot root)
    {
        _root = root;
        _logger = root.LoggerFactory.CreateLogger("Poet.Store.Functions");
        _gates = root.Journals.Gates;
    }

    /// <inheritdoc />
    public event EventHandler<FunctionChangedEventArgs>? Changed;

    /// <inheritdoc />
    public IReadOnlyList<string> ListFunctions()
    {
        var ids = new List<string>();
        if (!Directory.Exists(_root.RootPath))
        {
            return ids; // nothing stored yet (or the folder cannot be created: the store's health says so)
        }

        foreach (var dir in Directory.EnumerateDirectories(_root.RootPath))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.') || StoreLayout.ReservedRootNames.Contains(name))
            {
                continue;
            }

            var id = FunctionFolderName.IsShortened(name) ? null : FunctionFolderName.TryDecode(name);
            if (id is null || !string.Equals(FunctionFolderName.Encode(id), name, StringComparison.Ordinal))
            {
                // A shortened name (or a folder someone made by hand): the id is in the metadata.
                id = ReadIdFromMetadata(dir);
            }

            if (id is not null && Folder(id).ResolveCurrent() is not null)
            {
                ids.Add(id);
            }
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <inheritdoc />
    public FunctionVersion? GetCurrent(string functionId) => Known(functionId)?.Current ?? Owned(Folder(functionId).ResolveCurrent(), functionId);

    /// <inheritdoc />
    public FunctionVersion? GetVersion(string functionId, int version) =>
        Known(functionId) is { } known && known.Current.Version == version ? known.Current : Owned(Folder(functionId).ReadVersion(version), functionId);

    /// <inheritdoc />
    public IReadOnlyList<int> GetVersions(string functionId)
    {
        var folder = Folder(functionId);
        return folder.AllVersionNumbers().Where(n => Owned(folder.ReadVersion(n), functionId) is not null).ToList();
    }

    /// <inheritdoc />
    public FunctionPlan? GetPlan(string functionId, int version) =>
        Known(functionId) is { } known && known.Current.Version == version ? known.Plan
        : GetVersion(functionId, version) is null ? null : Folder(functionId).ReadPlan(version);

    /// <inheritdoc />
    public TrainSpec? GetTrainSpec(string functionId, int version) =>
        Known(functionId) is { } known && known.Current.Version == version ? known.TrainSpec
        : GetVersion(functionId, version) is null ? null : Folder(functionId).ReadTrainSpec(version);

    /// <inheritdoc />
    public FunctionVersion EnsureCreated(FunctionPlan plan, TrainSpec trainSpec, FunctionVersion initial)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(trainSpec);
        ArgumentNullException.ThrowIfNull(initial);
        var folder = Folder(plan.FunctionId);
        if (CheckOwner(folder.ResolveCurrent(), plan.FunctionId) is { } existing)
        {
            return existing;
        }

        FunctionVersion created;
        _root.ThrowIfUnusable();
        try
        {
            Directory.CreateDirectory(folder.Path);
            using (FileLock.Acquire(folder.LockPath, _gates, _root.Options.StoreLockTimeout))
            {
                folder.Journal.CatchUp(); // another process may have journaled v1 and died before writing it
                if (CheckOwner(folder.ResolveCurrent(), plan.FunctionId) is { } raced)
                {
                    return raced;
                }

                folder.CleanAbandonedTemporaries();
                var numbers = folder.AllVersionNumbers();
                var number = numbers.Count == 0 ? 1 : numbers[^1] + 1;
                if (number != 1)
                {
                    _logger.LogWarning("POET store: {Folder} has version folders but none is readable; writing the initial version as v{Version}", folder.Path, number);
                }

                created = initial with
                {
                    FunctionId = plan.FunctionId,
                    Version = number,
                    Parent = null,
                    CreatedAt = initial.CreatedAt == default ? DateTimeOffset.UtcNow : initial.CreatedAt,
                };
                folder.CommitNewVersion(
                    created,
                    JsonSerializer.SerializeToUtf8Bytes(plan, StoreJson.Store.FunctionPlan),
                    JsonSerializer.SerializeToUtf8Bytes(trainSpec, StoreJson.Store.TrainSpec),
                    new HistoryEntry(created.CreatedAt, "created", number, null, created.Reason, Environment.ProcessId));
            }
        }
        catch (Exception ex) when (ex is IOException and not PoetStoreException || ex is UnauthorizedAccessException)
        {
            throw new PoetStoreException($"Cannot write version 1 of '{plan.FunctionId}' in '{folder.Path}': {ex.Message}", ex);
        }

        RaiseChanged(plan.FunctionId, created.Version);
        return created;
    }

    /// <inheritdoc />
    public async Task<FunctionVersion?> AppendVersionAsync(string functionId, Func<FunctionVersion, FunctionVersion?> derive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(derive);
        var folder = ExistingFolder(functionId);
        FunctionVersion written;
        using (await FileLock.AcquireAsync(folder.LockPath, _gates, _root.Options.StoreLockTimeout, cancellationToken).ConfigureAwait(false))
        {
            // What this process wrote last, when nobody changed the folder since (the journal says so, and no version folder
            // appeared without it: an older POET's interrupted write); else read from disk.
            var from = folder.Journal.Known() is { } known && string.Equals(known.Current.FunctionId, functionId, StringComparison.Ordinal)
                && folder.AllVersionNumbers() is [.., var highest] && highest == known.Current.Version
                ? new NextVersionBase(known.Current, known.Current.Version, known.Enhanced, known.Train, known.Plan, known.TrainSpec)
                : ReadNextVersionBase(folder, functionId);
            var current = from.Current;
            var next = derive(current);
            if (next is null)
            {
                return null;
            }

            var number = from.Highest + 1;
            written = next with { FunctionId = functionId, Version = number, Parent = current.Version, CreatedAt = DateTimeOffset.UtcNow };
            try
            {
                var metadata = folder.CommitNewVersion(
                    written, from.Enhanced, from.Train, new HistoryEntry(written.CreatedAt, "version", number, current.Version, written.Reason, Environment.ProcessId),
                    flush: !DurableWithItsFeedback(written), caughtUp: true);
                if (from.Plan is { } plan && from.TrainSpec is { } spec && JsonSerializer.Deserialize(metadata, StoreJson.Store.FunctionVersion) is { } readBack)
                {
                    folder.Journal.Remember(readBack, plan, spec, from.Enhanced, from.Train);
                }
            }
            catch (Exception ex) when (ex is IOException and not PoetStoreException || ex is UnauthorizedAccessException)
            {
                throw new PoetStoreException($"Cannot write version {number} of '{functionId}' in '{folder.Path}': {ex.Message}", ex);
            }
        }

        RaiseChanged(functionId, written.Version);
        return written;
    }

    /// <summary>
    /// Reads what a new version is derived from, finishing first whatever an interrupted write left (hold the lock): the
    /// current version, the highest number, and the current version's plan and train spec (copied into the new version).
    /// </summary>
    private NextVersionBase ReadNextVersionBase(FunctionFolder folder, string functionId)
    {
        folder.CleanAbandonedTemporaries();
        Recover(folder); // never derive from a current that an interrupted write left stale
        var current = CheckOwner(folder.ResolveCurrent(), functionId) ?? throw Unknown(functionId);
        var numbers = folder.AllVersionNumbers();
        var enhanced = folder.ReadVersionFile(current.Version, StoreLayout.EnhancedFile)
            ?? throw new PoetStoreException($"Version {current.Version} of '{functionId}' has no {StoreLayout.EnhancedFile} in '{folder.VersionPath(current.Version)}'; roll back to a complete version.");
        var train = folder.ReadVersionFile(current.Version, StoreLayout.TrainFile)
            ?? throw new PoetStoreException($"Version {current.Version} of '{functionId}' has no {StoreLayout.TrainFile} in '{folder.VersionPath(current.Version)}'; roll back to a complete version.");
        return new NextVersionBase(current, numbers[^1], enhanced, train, TryParse(enhanced, StoreJson.Store.FunctionPlan), TryParse(train, StoreJson.Store.TrainSpec));
    }

    private static T? TryParse<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException)
        {
            return null; // copied as it is; the folder is read from disk next time (which quarantines it)
        }
    }

    /// <inheritdoc />
    public async Task SetCurrentAsync(string functionId, int version, VersionReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var folder = ExistingFolder(functionId);
        using (await FileLock.AcquireAsync(folder.LockPath, _gates, _root.Options.StoreLockTimeout, cancellationToken).ConfigureAwait(false))
        {
            Recover(folder);
            var target = Owned(folder.ReadVersion(version), functionId);
            if (target is null)
            {
                var known = string.Join(", ", GetVersions(functionId));
                throw new KeyNotFoundException($"'{functionId}' has no version {version} (versions: {(known.Length == 0 ? "none" : known)}).");
            }

            var previous = folder.ResolveCurrent()?.Version;
            try
            {
                folder.CommitCurrent(version, new HistoryEntry(DateTimeOffset.UtcNow, reason.Kind == "initial" ? "rollback" : reason.Kind, version, previous, reason, Environment.ProcessId));
            }
            catch (Exception ex) when (ex is IOException and not PoetStoreException || ex is UnauthorizedAccessException)
            {
                throw new PoetStoreException($"Cannot make version {version} of '{functionId}' current in '{folder.Path}': {ex.Message}", ex);
            }
        }

        RaiseChanged(functionId, version);
    }

    /// <inheritdoc />
    public async Task ReplaceTrainSpecAsync(string functionId, int version, TrainSpec trainSpec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainSpec);
        var folder = ExistingFolder(functionId);
        using (await FileLock.AcquireAsync(folder.LockPath, _gates, _root.Options.StoreLockTimeout, cancellationToken).ConfigureAwait(false))
        {
            Recover(folder);
            if (Owned(folder.ReadVersion(version), functionId) is null)
            {
                throw new KeyNotFoundException($"'{functionId}' has no version {version}.");
            }

            try
            {
                folder.CommitVersionFile(version, StoreLayout.TrainFile, JsonSerializer.SerializeToUtf8Bytes(trainSpec, StoreJson.Store.TrainSpec));
            }
            catch (Exception ex) when (ex is IOException and not PoetStoreException || ex is UnauthorizedAccessException)
            {
                throw new PoetStoreException($"Cannot replace the train spec of version {version} of '{functionId}' in '{folder.Path}': {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Finishes or quarantines every function's interrupted "new version" (see
    /// <see cref="FunctionFolder.RecoverUnfinishedVersions"/>); run when the store is opened. A function whose lock is
    /// busy or whose folder cannot be written is left to its next writer, which recovers it under the lock first.
    /// </summary>
    /// <returns>How many versions were finished or quarantined.</returns>
    public int RecoverUnfinishedVersions()
    {
        _root.Journals.RecoverAll(OpenRecoveryLockWait); // journaled changes first: what they wrote is not read before
        var repaired = 0;
        try
        {
            foreach (var functionId in ListFunctions())
            {
                var folder = Folder(functionId);
                try
                {
                    using (FileLock.Acquire(folder.LockPath, _gates, OpenRecoveryLockWait))
                    {
                        repaired += RecoverLocked(folder);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning(ex, "POET store: cannot check {Folder} for interrupted versions now; its next writer does", folder.Path);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "POET store: cannot list {Path} to check for interrupted versions", _root.RootPath);
        }

        return repaired;
    }

    /// <summary>
    /// A version written for feedback (its reason names the feedback ids) is journaled without waiting for the disk: the
    /// feedback path saves those feedback records with their signal right after (<see cref="IFeedbackStore.SaveAsync"/>,
    /// or <see cref="IFeedbackStore.SaveManyAsync"/> for a batch), through this folder's journal, and that flush makes the
    /// version durable too before the feedback is answered. Until then a power loss can take the version (nothing was
    /// acknowledged); a killed process cannot (the next writer or open finishes it). As the PostgreSQL store does.
    /// </summary>
    private static bool DurableWithItsFeedback(FunctionVersion version) =>
        version.Reason.Kind == "feedback" && version.Reason.FeedbackIds.Count > 0;

    /// <summary>Checkpoints the journal of every function folder this store wrote or read (see <see cref="FunctionJournals.CheckpointAll"/>).</summary>
    public void CheckpointJournals() => _root.Journals.CheckpointAll(OpenRecoveryLockWait);

    private static readonly TimeSpan OpenRecoveryLockWait = TimeSpan.FromSeconds(1);

    /// <summary>Finishes the folder's journaled changes, then any version an older writer left unfinished. Hold the lock.</summary>
    private static int RecoverLocked(FunctionFolder folder)
    {
        folder.Journal.CatchUp();
        var repaired = folder.RecoverUnfinishedVersions();
        if (repaired > 0)
        {
            folder.Journal.Checkpoint(); // no older journaled change may be replayed over what the repair wrote
        }

        return repaired;
    }

    private static void Recover(FunctionFolder folder)
    {
        try
        {
            RecoverLocked(folder);
        }
        catch (Exception ex) when (ex is IOException and not PoetStoreException || ex is UnauthorizedAccessException)
        {
            throw new PoetStoreException($"Cannot finish the interrupted version write in '{folder.Path}' (no new version is derived from a stale current): {ex.Message}", ex);
        }
    }

    /// <summary>
    /// What this process knows of the function's folder from its own last change, still valid (see
    /// <see cref="FunctionJournal.KnownWithoutLock"/>), or null: then the folder is read.
    /// </summary>
    private KnownVersions? Known(string functionId)
    {
        var known = Folder(functionId).Journal.KnownWithoutLock();
        return known is not null && string.Equals(known.Current.FunctionId, functionId, StringComparison.Ordinal) ? known : null;
    }

    private FunctionFolder Folder(string functionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        return new FunctionFolder(_root, functionId, _logger);
    }

    private FunctionFolder ExistingFolder(string functionId)
    {
        var folder = Folder(functionId);
        return folder.Exists ? folder : throw Unknown(functionId);
    }

    private static KeyNotFoundException Unknown(string functionId) =>
        new($"The POET store has no function '{functionId}': it is created the first time the function is called through a POET proxy.");

    private static FunctionVersion? Owned(FunctionVersion? version, string functionId) =>
        version is not null && string.Equals(version.FunctionId, functionId, StringComparison.Ordinal) ? version : null;

    private FunctionVersion? CheckOwner(FunctionVersion? version, string functionId)
    {
        if (version is null || string.Equals(version.FunctionId, functionId, StringComparison.Ordinal))
        {
            return version;
        }

        // Two ids that differ only in case share a folder on a case-insensitive file system (Windows, macOS).
        throw new PoetStoreException(
            $"The function ids '{functionId}' and '{version.FunctionId}' map to the same folder '{Folder(functionId).Path}' on this file system " +
            "(they differ only in letter case). Give one of them another id with [Poet(Name = \"...\")].");
    }

    private static string? ReadIdFromMetadata(string dir)
    {
        var folderName = Path.GetFileName(dir);
        foreach (var versionDir in Directory.EnumerateDirectories(dir, StoreLayout.VersionPrefix + "*").Order(StringComparer.Ordinal))
        {
            var bytes = StoreFiles.TryReadAllBytes(Path.Combine(versionDir, StoreLayout.MetadataFile));
            if (bytes is null)
            {
                continue;
            }

            try
            {
                var id = JsonSerializer.Deserialize(bytes, StoreJson.Store.FunctionVersion)?.FunctionId;
                if (id is not null && string.Equals(FunctionFolderName.Encode(id), folderName, StringComparison.Ordinal))
                {
                    return id;
                }
            }
            catch (JsonException)
            {
                // Quarantined when the version is read through the store.
            }
        }

        return null;
    }

    private void RaiseChanged(string functionId, int version) => FunctionChangedEvents.Raise(Changed, this, functionId, version, _logger);

    /// <summary>What a new version is derived from (see <see cref="ReadNextVersionBase"/>); plan and train spec null when unreadable.</summary>
    private sealed record NextVersionBase(FunctionVersion Current, int Highest, byte[] Enhanced, byte[] Train, FunctionPlan? Plan, TrainSpec? TrainSpec);
}
