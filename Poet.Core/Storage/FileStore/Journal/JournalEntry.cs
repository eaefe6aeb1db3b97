namespace Poet.Storage.FileStore;

/// <summary>
/// One change of a function's files, written to its <c>journal.jsonl</c> and flushed before any of the files it names
/// is touched (see <see cref="FunctionJournal"/>): everything needed to write those files again after a crash or a
/// power loss. Contents are base64 (exact bytes); paths are relative to the store root with <c>/</c> separators.
/// </summary>
internal sealed record JournalEntry
{
    /// <summary>A unique id (tells an entry from another one of the same length).</summary>
    public required string Id { get; init; }

    /// <summary>When it was written (UTC).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The process that wrote it.</summary>
    public int ProcessId { get; init; }

    /// <summary>A new version folder <c>v{n}</c> of this function, written with <see cref="Metadata"/>, <see cref="Enhanced"/> and <see cref="Train"/>.</summary>
    public int? Version { get; init; }

    /// <summary>The new version's <c>metadata.json</c>.</summary>
    public byte[]? Metadata { get; init; }

    /// <summary>The new version's <c>enhanced.json</c>.</summary>
    public byte[]? Enhanced { get; init; }

    /// <summary>The new version's <c>train.json</c>.</summary>
    public byte[]? Train { get; init; }

    /// <summary>Other files written whole (a feedback record, a replaced train spec).</summary>
    public IReadOnlyList<JournalFile> Files { get; init; } = [];

    /// <summary>The line appended to <c>history.jsonl</c>, if any.</summary>
    public string? History { get; init; }

    /// <summary>The version <c>current</c> names afterwards, if the change sets it.</summary>
    public int? Current { get; init; }
}

/// <summary>One whole file of a <see cref="JournalEntry"/>.</summary>
/// <param name="Path">The file, relative to the store root, with <c>/</c> separators.</param>
/// <param name="Content">Its complete content.</param>
internal sealed record JournalFile(string Path, byte[] Content);
