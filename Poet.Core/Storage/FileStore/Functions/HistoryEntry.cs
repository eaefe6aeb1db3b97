namespace Poet.Storage.FileStore;

/// <summary>One line of a function's <c>history.jsonl</c>: a change of its current version.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="Kind"><c>created</c>, <c>version</c> (a new version was written) or <c>rollback</c>.</param>
/// <param name="Version">The version that became current.</param>
/// <param name="Previous">The version that was current before, if any.</param>
/// <param name="Reason">Why.</param>
/// <param name="ProcessId">The process that made the change.</param>
internal sealed record HistoryEntry(DateTimeOffset At, string Kind, int Version, int? Previous, VersionReason Reason, int ProcessId);
