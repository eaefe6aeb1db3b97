using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// The write-ahead journal of one function folder (<c>journal.jsonl</c>): every change of the folder's files (a new
/// version, a rollback, a replaced train spec, a processed feedback record of the function) is first appended to it as
/// one <see cref="JournalEntry"/> line and flushed to disk: one wait for the disk per change. Only then are the files it
/// names written, atomically for readers but without waiting for the disk. After a crash or a power loss,
/// <see cref="CatchUp"/> (run at open and by the next writer, under the lock) writes again whatever of a journaled change
/// is missing or different on disk. <see cref="Checkpoint"/> flushes the written files and empties the journal: when it
/// exceeds <see cref="CheckpointBytes"/>, when the store is opened and when it is disposed.
/// </summary>
/// <remarks>
/// Every member must be called while holding the folder's lock (<see cref="StoreLayout.LockFile"/>). One instance per
/// folder and store root; it remembers the journal's length and last line after its own writes, so it reads the journal
/// again only when another process (or another store instance) wrote to it.
/// </remarks>
internal sealed class FunctionJournal
{
    /// <summary>A journal longer than this is checkpointed by the change that made it so (about 30 versions).</summary>
    internal const long CheckpointBytes = 256 * 1024;

    private readonly StoreRoot _root;
    private readonly ILogger _logger;
    private long _knownLength;
    private byte[]? _lastLine;
    private bool _nameDurable;
    private bool _pending;
    private KnownVersions? _known;

    /// <summary>Creates the journal of one function folder.</summary>
    /// <param name="root">The store root.</param>
    /// <param name="folderPath">The function folder's full path.</param>
    /// <param name="logger">Where replays and failures are reported.</param>
    public FunctionJournal(StoreRoot root, string folderPath, ILogger logger)
    {
        _root = root;
        _logger = logger;
        FolderPath = folderPath;
        FilePath = Path.Combine(folderPath, StoreLayout.JournalFile);
    }

    /// <summary>The function folder.</summary>
    public string FolderPath { get; }

    /// <summary>The journal file.</summary>
    public string FilePath { get; }

    /// <summary>Marks the journal's name as on disk (a flush of the whole file system covered it).</summary>
    public void NameIsDurable() => _nameDurable = true;

    /// <summary>
    /// Makes a change durable and applies it: writes up what other writers journaled and did not finish
    /// (<see cref="CatchUp"/>), appends <paramref name="entry"/> and flushes the journal, then writes the files it
    /// names without flushing them, and checkpoints when the journal has grown past <see cref="CheckpointBytes"/>.
    /// </summary>
    /// <param name="entry">The change.</param>
    /// <param name="flush">
    /// Flush the journal before writing the files (the default). Without it the change survives the process being
    /// killed but not a power loss, until the next flushed change of this folder (or <see cref="FlushPending"/>, or a
    /// checkpoint) flushes the journal: a version written for feedback is made durable by that feedback's record.
    /// </param>
    /// <param name="caughtUp">The caller ran <see cref="CatchUp"/> (or <see cref="Known"/>) under the lock it still holds.</param>
    /// <exception cref="IOException">The journal could not be written (nothing changed), or the change is journaled but
    /// its files could not all be written (the next writer or the next open finishes it).</exception>
    public void Commit(JournalEntry entry, bool flush = true, bool caughtUp = false)
    {
        if (!caughtUp)
        {
            CatchUp();
        }

        var keepsVersions = entry.Version is null && entry.Current is null && entry.History is null
            && entry.Files.All(static f => f.Path.StartsWith(StoreLayout.FeedbackFolder + "/", StringComparison.Ordinal));
        if (!keepsVersions)
        {
            Volatile.Write(ref _known, null); // the caller remembers the new state once it is all written
        }

        var line = JsonSerializer.SerializeToUtf8Bytes(entry, StoreJson.Compact.JournalEntry);
        Append(line, flush);
        if (keepsVersions && _known is { } known)
        {
            Volatile.Write(ref _known, known with { Stamp = new JournalStamp(_knownLength, line) }); // only a feedback record was added
        }
        try
        {
            Apply(entry, verify: false);
            if (entry.Current is { } current)
            {
                WriteCurrent(current);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException(
                $"{ex.Message} (the change is durable in '{FilePath}': the next write to this folder or the next open of the store finishes it)", ex);
        }

        if (_knownLength > CheckpointBytes)
        {
            try
            {
                Checkpoint();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET store: cannot checkpoint {Journal} now (the change is durable in it); the next change tries again", FilePath);
            }
        }
    }

    /// <summary>
    /// Writes again every journaled change that is not (or not exactly) on disk: version folders, whole files, history
    /// lines, and <c>current</c> as the last change set it. Reads the journal only when it changed since this instance
    /// last wrote or read it.
    /// </summary>
    /// <returns>How many entries were replayed (read and checked); 0 when nothing new was journaled.</returns>
    public int CatchUp()
    {
        var length = LengthOnDisk();
        if (length == _knownLength && (length == 0 || EndsWith(length, _lastLine)))
        {
            return 0;
        }

        Volatile.Write(ref _known, null); // another writer changed the folder (or this instance never read it)
        var entries = ReadEntries(out var lastLine);
        var repaired = 0;
        int? current = null;
        foreach (var entry in entries)
        {
            try
            {
                repaired += Apply(entry, verify: true);
                current = entry.Current ?? current;
            }
            catch (InvalidDataException ex)
            {
                _logger.LogWarning("POET store: skipping journal entry {Entry} in {Journal}: {Reason}", entry.Id, FilePath, ex.Message);
            }
        }

        if (current is { } pointer && ReadCurrentPointer() != pointer)
        {
            WriteCurrent(pointer);
            repaired++;
        }

        if (repaired > 0)
        {
            _logger.LogWarning(
                "POET store: {Count} file(s) of {Folder} were missing or incomplete after an interrupted write (a crash or a power loss); written again from {Journal}",
                repaired, FolderPath, StoreLayout.JournalFile);
        }

        _knownLength = length;
        _lastLine = lastLine;
        return entries.Count;
    }

    /// <summary>
    /// Flushes the files the journaled changes wrote (the whole file system at once where the OS can, else file by file),
    /// then empties the journal and flushes that: afterwards no change depends on the journal.
    /// </summary>
    public void Checkpoint()
    {
        if (LengthOnDisk() == 0)
        {
            return;
        }

        var entries = ReadEntries(out _);
        if (!FolderFlush.TryFlushFileSystem(FolderPath))
        {
            FlushWrittenFiles(entries);
        }

        using (var stream = new FileStream(FilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1))
        {
            stream.SetLength(0);
            stream.Flush(flushToDisk: true);
        }

        _knownLength = 0;
        _lastLine = null;
        _nameDurable = true;
        _pending = false;
        Volatile.Write(ref _known, null); // an empty journal cannot tell whether another writer changed the folder since

    }

    /// <summary>
    /// The folder's current version as this instance's own last change left it, or null when another writer (another
    /// process, or another store instance) changed the folder since, or this instance does not know (it wrote no version,
    /// or its last change was a rollback, a replaced train spec or a checkpoint). Catches up first: call it holding the lock.
    /// </summary>
    /// <returns>What the folder holds, without reading it; null to read it from disk.</returns>
    public KnownVersions? Known()
    {
        CatchUp();
        return _known is { } known && known.Stamp.Length == _knownLength ? known : null;
    }

    /// <summary>
    /// <see cref="Known"/> for a reader that does not hold the lock: valid when the journal still ends as it did after
    /// this instance's own last change (one stat and one read of its last line). A change in progress elsewhere appended
    /// its line first, so it shows.
    /// </summary>
    /// <returns>What the folder holds, or null to read it from disk.</returns>
    public KnownVersions? KnownWithoutLock()
    {
        var known = Volatile.Read(ref _known);
        return known is not null && LengthOnDisk() == known.Stamp.Length && EndsWith(known.Stamp.Length, known.Stamp.LastLine) ? known : null;
    }

    /// <summary>Remembers the folder's state after a new version this instance wrote and made current (call it holding the lock).</summary>
    /// <param name="current">The new version's metadata, read back from the bytes written.</param>
    /// <param name="plan">Its plan.</param>
    /// <param name="trainSpec">Its train spec.</param>
    /// <param name="enhanced">The bytes of its plan.</param>
    /// <param name="train">The bytes of its train spec.</param>
    public void Remember(FunctionVersion current, FunctionPlan plan, TrainSpec trainSpec, byte[] enhanced, byte[] train)
    {
        if (_knownLength > 0 && _lastLine is { } lastLine)
        {
            Volatile.Write(ref _known, new KnownVersions(current, plan, trainSpec, enhanced, train, new JournalStamp(_knownLength, lastLine)));
        }
    }

    /// <summary>The current version <c>current</c> names, or null.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <returns>The version, or null.</returns>
    internal static int? ParsePointer(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    /// <summary>Flushes the journal if a change was committed without a flush since the last flush (see <see cref="Commit"/>).</summary>
    public void FlushPending()
    {
        if (!_pending || !File.Exists(FilePath))
        {
            return;
        }

        using (var stream = new FileStream(FilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1))
        {
            stream.Flush(flushToDisk: true);
        }

        _pending = false;
        FlushNameOnce(created: false);
    }

    private void Append(byte[] line, bool flush)
    {
        var created = !File.Exists(FilePath);
        using (var stream = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1))
        {
            var length = stream.Length;
            if (length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n')
                {
                    stream.WriteByte((byte)'\n'); // a line torn by a crash before its flush: never acknowledged, closed and skipped
                    length++;
                }
            }

            stream.Seek(0, SeekOrigin.End);
            stream.Write(line);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: flush);
            _knownLength = length + line.Length + 1;
            _lastLine = line;
        }

        _pending = !flush;
        if (flush)
        {
            FlushNameOnce(created);
        }
    }

    private void FlushNameOnce(bool created)
    {
        if (created || !_nameDurable)
        {
            FolderFlush.Flush(FolderPath); // the journal's own name must survive a power loss too (once per folder and process)
            if (created)
            {
                FolderFlush.Flush(Path.GetDirectoryName(FolderPath)!); // a new function folder's name
            }

            _nameDurable = true;
        }
    }

    /// <summary>Writes the files of one entry (when <paramref name="verify"/>, only those missing or different).</summary>
    /// <returns>How many files were written.</returns>
    private int Apply(JournalEntry entry, bool verify)
    {
        var written = 0;
        if (entry.Version is { } version)
        {
            if (entry.Metadata is null || entry.Enhanced is null || entry.Train is null)
            {
                throw new InvalidDataException($"the entry for version {version} lacks one of its three documents");
            }

            var target = Path.Combine(FolderPath, StoreLayout.VersionPrefix + version.ToString(CultureInfo.InvariantCulture));
            if (!verify || !VersionMatches(target, entry))
            {
                WriteVersionFolder(target, version, entry, replace: verify);
                written++;
            }
        }

        foreach (var file in entry.Files)
        {
            var path = Resolve(file.Path);
            if (verify && SameBytes(path, file.Content))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, file.Content, flushToDisk: false);
            written++;
        }

        if (entry.History is { } history)
        {
            var line = Encoding.UTF8.GetBytes(history);
            var historyPath = Path.Combine(FolderPath, StoreLayout.HistoryFile);
            if (!verify || !HistoryHasLine(historyPath, line))
            {
                StoreFiles.AppendLine(historyPath, line, flushToDisk: false);
                written++;
            }
        }

        return written;
    }

    private void WriteVersionFolder(string target, int version, JournalEntry entry, bool replace)
    {
        var temp = Path.Combine(FolderPath, $".v{version.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}{AtomicFile.TempSuffix}");
        Directory.CreateDirectory(temp);
        try
        {
            File.WriteAllBytes(Path.Combine(temp, StoreLayout.EnhancedFile), entry.Enhanced!);
            File.WriteAllBytes(Path.Combine(temp, StoreLayout.TrainFile), entry.Train!);
            File.WriteAllBytes(Path.Combine(temp, StoreLayout.MetadataFile), entry.Metadata!);
            if (replace && Directory.Exists(target))
            {
                _root.Quarantine.Move(target, $"version {version} on disk differs from its journaled content (an interrupted write); written again from {StoreLayout.JournalFile}");
            }

            Directory.Move(temp, target);
        }
        catch
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(ex, "POET store: cannot remove the temporary folder {Path}", temp);
            }

            throw;
        }
    }

    private static bool VersionMatches(string folder, JournalEntry entry) =>
        SameBytes(Path.Combine(folder, StoreLayout.MetadataFile), entry.Metadata!)
        && SameBytes(Path.Combine(folder, StoreLayout.EnhancedFile), entry.Enhanced!)
        && SameBytes(Path.Combine(folder, StoreLayout.TrainFile), entry.Train!);

    private static bool SameBytes(string path, byte[] expected)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == expected.Length && StoreFiles.TryReadAllBytes(path) is { } bytes && bytes.AsSpan().SequenceEqual(expected);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool HistoryHasLine(string path, byte[] line)
    {
        var content = StoreFiles.TryReadAllBytes(path);
        if (content is null)
        {
            return false;
        }

        var span = content.AsSpan();
        var offset = 0;
        while (offset < span.Length)
        {
            var at = span[offset..].IndexOf(line);
            if (at < 0)
            {
                return false;
            }

            var start = offset + at;
            var end = start + line.Length;
            if ((start == 0 || span[start - 1] == '\n') && (end == span.Length || span[end] is (byte)'\n' or (byte)'\r'))
            {
                return true;
            }

            offset = start + 1;
        }

        return false;
    }

    /// <summary>The full path of a journaled file; a path that leaves the store is refused (a hand-edited journal).</summary>
    private string Resolve(string relative)
    {
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative) || relative.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new InvalidDataException($"the file path '{relative}' is not a relative path inside the store");
        }

        return Path.Combine(_root.RootPath, relative.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>The path of a file relative to the store root, as journaled.</summary>
    /// <param name="root">The store root.</param>
    /// <param name="fullPath">A file inside it.</param>
    /// <returns>The relative path with <c>/</c> separators.</returns>
    internal static string RelativePath(StoreRoot root, string fullPath) =>
        Path.GetRelativePath(root.RootPath, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private int? ReadCurrentPointer() => ParsePointer(StoreFiles.TryReadAllBytes(Path.Combine(FolderPath, StoreLayout.CurrentFile)));

    private void WriteCurrent(int version) =>
        AtomicFile.Write(
            Path.Combine(FolderPath, StoreLayout.CurrentFile),
            Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture) + "\n"),
            flushToDisk: false);

    private long LengthOnDisk()
    {
        var info = new FileInfo(FilePath);
        return info.Exists ? info.Length : 0;
    }

    private bool EndsWith(long length, byte[]? lastLine)
    {
        if (lastLine is null || length < lastLine.Length + 1)
        {
            return false;
        }

        var tail = new byte[lastLine.Length + 1];
        try
        {
            using var handle = File.OpenHandle(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return RandomAccess.Read(handle, tail, length - tail.Length) == tail.Length
                && tail.AsSpan(0, lastLine.Length).SequenceEqual(lastLine)
                && tail[^1] == '\n';
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private List<JournalEntry> ReadEntries(out byte[]? lastLine)
    {
        lastLine = null;
        var entries = new List<JournalEntry>();
        var bytes = StoreFiles.TryReadAllBytes(FilePath);
        if (bytes is null)
        {
            return entries;
        }

        var rest = bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, StoreJson.Compact.JournalEntry) is { } entry)
                {
                    entries.Add(entry);
                    lastLine = line.ToArray();
                }
            }
            catch (JsonException)
            {
                // A line torn by a crash before its flush (never acknowledged, none of its files written), or damage.
                _logger.LogWarning("POET store: skipping an unreadable line in {Journal} (a write interrupted before it was flushed)", FilePath);
            }
        }

        return entries;
    }

    private void FlushWrittenFiles(List<JournalEntry> entries)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal) { FolderPath };
        foreach (var entry in entries)
        {
            if (entry.Version is { } version)
            {
                var folder = Path.Combine(FolderPath, StoreLayout.VersionPrefix + version.ToString(CultureInfo.InvariantCulture));
                files.Add(Path.Combine(folder, StoreLayout.MetadataFile));
                files.Add(Path.Combine(folder, StoreLayout.EnhancedFile));
                files.Add(Path.Combine(folder, StoreLayout.TrainFile));
                folders.Add(folder);
            }

            foreach (var file in entry.Files)
            {
                try
                {
                    var path = Resolve(file.Path);
                    files.Add(path);
                    folders.Add(Path.GetDirectoryName(path)!);
                }
                catch (InvalidDataException)
                {
                    // Skipped by the replay too.
                }
            }
        }

        files.Add(Path.Combine(FolderPath, StoreLayout.HistoryFile));
        files.Add(Path.Combine(FolderPath, StoreLayout.CurrentFile));
        foreach (var file in files.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1);
            stream.Flush(flushToDisk: true);
        }

        foreach (var folder in folders.Where(Directory.Exists))
        {
            FolderFlush.Flush(folder);
        }
    }
}
