using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// The files of one function: <c>v{n}/metadata.json|enhanced.json|train.json</c>, <c>current</c>, <c>history.jsonl</c>
/// and <c>.lock</c>. Reads are lock-free (every file is replaced atomically); writes must hold <see cref="LockPath"/>.
/// </summary>
internal sealed class FunctionFolder
{
    private static readonly ConcurrentDictionary<string, int> ReportedBadCurrent = new(StringComparer.Ordinal);

    private readonly StoreRoot _root;
    private readonly ILogger _logger;

    /// <summary>Creates the view of one function's folder.</summary>
    /// <param name="root">The store root.</param>
    /// <param name="functionId">The function id.</param>
    /// <param name="logger">The store's logger.</param>
    public FunctionFolder(StoreRoot root, string functionId, ILogger logger)
    {
        _root = root;
        _logger = logger;
        FunctionId = functionId;
        Path = System.IO.Path.Combine(root.RootPath, FunctionFolderName.Encode(functionId));
    }

    /// <summary>The function id.</summary>
    public string FunctionId { get; }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The lock file that serializes writers across threads and processes.</summary>
    public string LockPath => System.IO.Path.Combine(Path, StoreLayout.LockFile);

    /// <summary>Whether the folder exists.</summary>
    public bool Exists => Directory.Exists(Path);

    /// <summary>The path of one version's folder.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The path of <c>v{version}</c>.</returns>
    public string VersionPath(int version) =>
        System.IO.Path.Combine(Path, StoreLayout.VersionPrefix + version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every version folder's number, complete or not, ascending (used to allocate the next number).</summary>
    /// <returns>The numbers.</returns>
    public List<int> AllVersionNumbers()
    {
        var numbers = new List<int>();
        if (!Exists)
        {
            return numbers;
        }

        foreach (var dir in Directory.EnumerateDirectories(Path, StoreLayout.VersionPrefix + "*"))
        {
            var name = System.IO.Path.GetFileName(dir.AsSpan());
            if (int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                numbers.Add(n);
            }
        }

        numbers.Sort();
        return numbers;
    }

    /// <summary>The numbers of the versions whose metadata is readable, ascending.</summary>
    /// <returns>The numbers.</returns>
    public List<int> CompleteVersionNumbers() => AllVersionNumbers().Where(n => ReadVersion(n) is not null).ToList();

    /// <summary>Reads one version's metadata; a corrupt file is quarantined and reads as missing.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The metadata, or null.</returns>
    public FunctionVersion? ReadVersion(int version) =>
        ReadJson(System.IO.Path.Combine(VersionPath(version), StoreLayout.MetadataFile), StoreJson.Store.FunctionVersion);

    /// <summary>Reads one version's plan.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The plan, or null.</returns>
    public FunctionPlan? ReadPlan(int version) =>
        ReadJson(System.IO.Path.Combine(VersionPath(version), StoreLayout.EnhancedFile), StoreJson.Store.FunctionPlan);

    /// <summary>Reads one version's train spec.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The train spec, or null.</returns>
    public TrainSpec? ReadTrainSpec(int version) =>
        ReadJson(System.IO.Path.Combine(VersionPath(version), StoreLayout.TrainFile), StoreJson.Store.TrainSpec);

    /// <summary>The version <c>current</c> names, as written (null when missing or unreadable).</summary>
    /// <returns>The number, or null.</returns>
    public int? ReadCurrentPointer()
    {
        return FunctionJournal.ParsePointer(StoreFiles.TryReadAllBytes(System.IO.Path.Combine(Path, StoreLayout.CurrentFile)));
    }

    /// <summary>
    /// The current version: the one <c>current</c> names when it is complete; otherwise (a crash, a hand edit) the
    /// highest complete version, with a log line. Null when the function has no complete version.
    /// </summary>
    /// <returns>The current version's metadata, or null.</returns>
    public FunctionVersion? ResolveCurrent()
    {
        if (!Exists)
        {
            return null;
        }

        var pointer = ReadCurrentPointer();
        if (pointer is { } n && ReadVersion(n) is { } current)
        {
            return current;
        }

        var numbers = AllVersionNumbers();
        for (var i = numbers.Count - 1; i >= 0; i--)
        {
            if (ReadVersion(numbers[i]) is { } fallback)
            {
                if (ReportedBadCurrent.TryAdd(Path + "|" + pointer, 0))
                {
                    _logger.LogWarning(
                        "POET store: {Folder}/current names {Pointer}, which is not a complete version; using v{Version}, the highest complete one",
                        Path, pointer is null ? "nothing readable" : "v" + pointer.Value.ToString(CultureInfo.InvariantCulture), fallback.Version);
                }

                return fallback;
            }
        }

        return null;
    }

    /// <summary>The folder's journal (every change goes through it; see <see cref="FunctionJournal"/>).</summary>
    public FunctionJournal Journal => _root.Journals.For(Path);

    /// <summary>
    /// Writes a new version and makes it current with one wait for the disk: the whole change (the version's three
    /// documents, its history line and the new <c>current</c>) is appended to the folder's journal and flushed; then
    /// <c>v{n}</c> is written under a temporary name and renamed, <c>current</c> replaced and the history line appended,
    /// none of them flushed. A crash or a power loss between those steps is finished from the journal by the next writer
    /// or the next open (<see cref="FunctionJournal.CatchUp"/>); readers see either no <c>v{n}</c> or a complete one.
    /// </summary>
    /// <param name="metadata">The metadata (its <see cref="FunctionVersion.Version"/> names the folder).</param>
    /// <param name="enhanced">The plan's JSON.</param>
    /// <param name="train">The train spec's JSON.</param>
    /// <param name="entry">The version's history line.</param>
    /// <param name="flush">Flush the journal (see <see cref="FunctionJournal.Commit"/>; false only for a version whose
    /// feedback records are saved durably right after, which flushes it).</param>
    /// <param name="caughtUp">The caller caught the journal up under the lock it holds (see <see cref="FunctionJournal.Commit"/>).</param>
    /// <returns>The bytes of <c>metadata.json</c> as written.</returns>
    public byte[] CommitNewVersion(FunctionVersion metadata, byte[] enhanced, byte[] train, HistoryEntry entry, bool flush = true, bool caughtUp = false)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(metadata, StoreJson.Store.FunctionVersion);
        Journal.Commit(new JournalEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            At = entry.At,
            ProcessId = Environment.ProcessId,
            Version = metadata.Version,
            Metadata = bytes,
            Enhanced = enhanced,
            Train = train,
            History = HistoryLine(entry),
            Current = metadata.Version,
        }, flush, caughtUp);
        return bytes;
    }

    /// <summary>Makes an existing version current (a rollback) with its history line, through the journal.</summary>
    /// <param name="version">The version, which must be complete.</param>
    /// <param name="entry">The history line.</param>
    public void CommitCurrent(int version, HistoryEntry entry) =>
        Journal.Commit(new JournalEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            At = entry.At,
            ProcessId = Environment.ProcessId,
            History = HistoryLine(entry),
            Current = version,
        });

    /// <summary>Replaces one file of an existing version, through the journal.</summary>
    /// <param name="version">The version.</param>
    /// <param name="fileName">The file's name.</param>
    /// <param name="content">The new content.</param>
    public void CommitVersionFile(int version, string fileName, byte[] content) =>
        Journal.Commit(new JournalEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            At = DateTimeOffset.UtcNow,
            ProcessId = Environment.ProcessId,
            Files = [new JournalFile(FunctionJournal.RelativePath(_root, System.IO.Path.Combine(VersionPath(version), fileName)), content)],
        });

    /// <summary>Reads the raw bytes of one version's file (to copy the plan and train spec into a new version).</summary>
    /// <param name="version">The version.</param>
    /// <param name="fileName">The file's name.</param>
    /// <returns>The bytes, or null.</returns>
    public byte[]? ReadVersionFile(int version, string fileName) =>
        StoreFiles.TryReadAllBytes(System.IO.Path.Combine(VersionPath(version), fileName));

    /// <summary>Points <c>current</c> at a version (atomically).</summary>
    /// <param name="version">The version, which must be complete.</param>
    /// <param name="flushToDisk">Flush the new content before the rename (the default).</param>
    public void WriteCurrent(int version, bool flushToDisk = true) =>
        AtomicFile.Write(
            System.IO.Path.Combine(Path, StoreLayout.CurrentFile),
            Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture) + "\n"),
            flushToDisk);

    private static string HistoryLine(HistoryEntry entry) => JsonSerializer.Serialize(entry, StoreJson.Compact.HistoryEntry);

    /// <summary>Appends a line to <c>history.jsonl</c>.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="flushToDisk">Flush the file before returning (the default).</param>
    public void AppendHistory(HistoryEntry entry, bool flushToDisk = true) =>
        StoreFiles.AppendLine(
            System.IO.Path.Combine(Path, StoreLayout.HistoryFile),
            JsonSerializer.SerializeToUtf8Bytes(entry, StoreJson.Compact.HistoryEntry),
            flushToDisk);

    /// <summary>
    /// Finishes or sets aside a "new version" that a crash (or a full disk) cut between its three steps: the folder
    /// <c>v{n}</c>, then <c>current</c>, then the line in <c>history.jsonl</c>. A complete version that the history
    /// never mentions is finished when it follows the current version (its parent is current, or it is the first
    /// version): it becomes current and gets its history line. If <c>current</c> already names it, only the line is
    /// added. Any other such version (its parent is no longer current, so a later version was derived without it) is
    /// moved to quarantine. Call only while holding the lock: a live writer may be between the steps.
    /// </summary>
    /// <returns>How many versions were finished or quarantined.</returns>
    public int RecoverUnfinishedVersions()
    {
        if (!Exists)
        {
            return 0;
        }

        var history = ReadHistory();
        var recorded = history.Select(h => h.Version).ToHashSet();
        var pointer = ReadCurrentPointer() ?? (history.Count > 0 ? history[^1].Version : null);
        var repaired = 0;
        foreach (var number in AllVersionNumbers())
        {
            if (recorded.Contains(number) || ReadVersion(number) is not { } version)
            {
                continue; // in the history, or incomplete (its number stays taken)
            }

            var reason = version.Reason with { Rationale = Join(version.Reason.Rationale, "recovered when the store was opened after an interrupted write") };
            if (number == pointer)
            {
                AppendHistory(new HistoryEntry(version.CreatedAt, version.Parent is null ? "created" : "version", number, version.Parent, reason, Environment.ProcessId));
                _logger.LogWarning("POET store: {Folder}/v{Version} was current but missing from the history (an interrupted write); its history line is added", Path, number);
            }
            else if (number > (pointer ?? 0) && version.Parent == pointer)
            {
                WriteCurrent(number);
                AppendHistory(new HistoryEntry(version.CreatedAt, version.Parent is null ? "created" : "version", number, version.Parent, reason, Environment.ProcessId));
                _logger.LogWarning(
                    "POET store: {Folder}/v{Version} was written completely but never made current (an interrupted write); it is made current now",
                    Path, number);
                pointer = number;
            }
            else
            {
                _root.Quarantine.Move(
                    VersionPath(number),
                    $"version {number} was written but never made current, and current (v{pointer}) is not its parent (v{version.Parent}): a later version was derived without it");
            }

            recorded.Add(number);
            repaired++;
        }

        return repaired;
    }

    /// <summary>The lines of <c>history.jsonl</c> that can be read, in order (a torn or corrupt line is skipped).</summary>
    /// <returns>The entries.</returns>
    public List<HistoryEntry> ReadHistory()
    {
        var entries = new List<HistoryEntry>();
        var bytes = StoreFiles.TryReadAllBytes(System.IO.Path.Combine(Path, StoreLayout.HistoryFile), _logger);
        if (bytes is null)
        {
            return entries;
        }

        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, StoreJson.Compact.HistoryEntry) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A line torn by a crash: the next append closes it; its version is treated as not in the history.
            }
        }

        return entries;
    }

    private static string Join(string? first, string second) => string.IsNullOrEmpty(first) ? second : first + " (" + second + ")";

    /// <summary>
    /// Removes temporary files and folders left by writes that never finished. Call only while holding the lock:
    /// then no other writer can be using them.
    /// </summary>
    public void CleanAbandonedTemporaries()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path, "." + "*" + AtomicFile.TempSuffix))
        {
            _logger.LogInformation("POET store: removing {Path}, left by a write that did not finish (a crashed or killed process)", entry);
            if (Directory.Exists(entry))
            {
                TryDeleteDirectory(entry);
            }
            else
            {
                AtomicFile.TryDelete(entry);
            }
        }
    }

    private T? ReadJson<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var bytes = StoreFiles.TryReadAllBytes(path, _logger);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw new JsonException("the file holds JSON null");
        }
        catch (JsonException ex)
        {
            _root.Quarantine.Move(path, $"not a valid {typeof(T).Name}: {ex.Message}");
            return null;
        }
    }

    private void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "POET store: cannot remove the temporary folder {Path}", path);
        }
    }
}
