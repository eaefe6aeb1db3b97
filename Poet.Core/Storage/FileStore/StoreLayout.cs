namespace Poet.Storage.FileStore;

/// <summary>The names of the <c>.poet/</c> store's files and folders (documented in DESIGN.md, "The .poet/ store").</summary>
internal static class StoreLayout
{
    /// <summary>The store format this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The file in the store root that holds <see cref="FormatVersion"/>.</summary>
    public const string FormatFile = "format";

    /// <summary>The execution log's folder.</summary>
    public const string ExecutionsFolder = "executions";

    /// <summary>The feedback records' folder.</summary>
    public const string FeedbackFolder = "feedback";

    /// <summary>Where corrupt files are moved.</summary>
    public const string QuarantineFolder = "quarantine";

    /// <summary>In a function folder: the text file naming the current version.</summary>
    public const string CurrentFile = "current";

    /// <summary>In a function folder: the append-only log of version changes (JSON lines).</summary>
    public const string HistoryFile = "history.jsonl";

    /// <summary>In a function folder: the write-ahead journal of changes not yet checkpointed (JSON lines, see <see cref="FunctionJournal"/>).</summary>
    public const string JournalFile = "journal.jsonl";

    /// <summary>In a function folder: the cross-process lock file.</summary>
    public const string LockFile = ".lock";

    /// <summary>In a version folder: the version's metadata (<see cref="FunctionVersion"/>).</summary>
    public const string MetadataFile = "metadata.json";

    /// <summary>In a version folder: the plan (<see cref="FunctionPlan"/>).</summary>
    public const string EnhancedFile = "enhanced.json";

    /// <summary>In a version folder: the train spec (<see cref="TrainSpec"/>).</summary>
    public const string TrainFile = "train.json";

    /// <summary>The prefix of a version folder (<c>v1</c>, <c>v2</c>, ...).</summary>
    public const string VersionPrefix = "v";

    /// <summary>Names in the store root that are not function folders.</summary>
    public static readonly IReadOnlySet<string> ReservedRootNames =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { FormatFile, ExecutionsFolder, FeedbackFolder, QuarantineFolder };
}
