using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>The <see cref="FunctionJournal"/> of each function folder of one store root, and the folder locks' in-process gates.</summary>
internal sealed class FunctionJournals
{
    private readonly StoreRoot _root;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, FunctionJournal> _journals = new(StringComparer.Ordinal);

    /// <summary>Creates the registry of a store root.</summary>
    /// <param name="root">The store root.</param>
    public FunctionJournals(StoreRoot root)
    {
        _root = root;
        _logger = root.LoggerFactory.CreateLogger("Poet.Store.Functions");
    }

    /// <summary>The in-process semaphores of the folder locks, by lock file, shared by the stores of this root.</summary>
    public ConcurrentDictionary<string, SemaphoreSlim> Gates { get; } = new(StringComparer.Ordinal);

    /// <summary>The journal of one function folder.</summary>
    /// <param name="folderPath">The folder's full path.</param>
    /// <returns>The journal (one instance per folder).</returns>
    public FunctionJournal For(string folderPath) =>
        _journals.GetOrAdd(folderPath, static (path, self) => new FunctionJournal(self._root, path, self._logger), this);

    /// <summary>
    /// Writes up and checkpoints the journal of every function folder that has journaled changes (run when the store is
    /// opened). A folder whose lock is busy is left to its next writer, which catches up under the lock first.
    /// </summary>
    /// <param name="lockWait">How long to wait for each folder's lock.</param>
    /// <returns>How many journal entries were read.</returns>
    public int RecoverAll(TimeSpan lockWait)
    {
        var replayed = 0;
        var folders = new List<string>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(_root.RootPath))
            {
                var name = Path.GetFileName(dir);
                if (!name.StartsWith('.') && !StoreLayout.ReservedRootNames.Contains(name) && File.Exists(Path.Combine(dir, StoreLayout.JournalFile)))
                {
                    folders.Add(dir);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "POET store: cannot list {Path} to check the function journals", _root.RootPath);
            return 0;
        }

        foreach (var folder in folders)
        {
            var journal = For(folder);
            try
            {
                if (new FileInfo(journal.FilePath).Length == 0)
                {
                    continue;
                }

                using (FileLock.Acquire(Path.Combine(folder, StoreLayout.LockFile), Gates, lockWait))
                {
                    replayed += journal.CatchUp();
                    journal.Checkpoint();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET store: cannot check the journal of {Folder} now; its next writer does", folder);
            }
        }

        // The journals' names (empty ones included) reach the disk with one flush of the file system, where there is one.
        try
        {
            if (folders.Count > 0 && FolderFlush.TryFlushFileSystem(_root.RootPath))
            {
                foreach (var folder in folders)
                {
                    For(folder).NameIsDurable();
                }
            }
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "POET store: cannot flush {Path} to disk; each journal's folder is flushed by its next write", _root.RootPath);
        }

        return replayed;
    }

    /// <summary>Checkpoints every journal this root wrote or read (run when the store is disposed); failures are logged.</summary>
    /// <param name="lockWait">How long to wait for each folder's lock.</param>
    public void CheckpointAll(TimeSpan lockWait)
    {
        foreach (var journal in _journals.Values)
        {
            try
            {
                if (!File.Exists(journal.FilePath) || new FileInfo(journal.FilePath).Length == 0)
                {
                    continue;
                }

                using (FileLock.Acquire(Path.Combine(journal.FolderPath, StoreLayout.LockFile), Gates, lockWait))
                {
                    journal.CatchUp();
                    journal.Checkpoint();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET store: cannot checkpoint {Journal} (its changes are durable in it; the next open finishes them)", journal.FilePath);
            }
        }
    }
}
