using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// The file store in <see cref="PoetOptions.StorePath"/> (<c>.poet/</c> by default): function versions, the execution
/// log and feedback records, durable, crash-safe and shareable by several processes. <c>AddPoet</c> opens it in local
/// mode; open it yourself to inspect a store (dispose it to flush the execution log).
/// </summary>
/// <remarks>
/// Layout: <c>format</c> (the store format number), <c>{function}/v{n}/metadata.json|enhanced.json|train.json</c>,
/// <c>{function}/current</c>, <c>{function}/history.jsonl</c>, <c>{function}/journal.jsonl</c> (changes not yet checkpointed), <c>executions/*.jsonl</c> (JSON lines, with
/// <c>.idx</c> indexes), <c>feedback/{function}/{id}.json</c>, and <c>quarantine/</c> for corrupt files.
/// </remarks>
public sealed class PoetFileStore : IPoetStore
{
    private readonly FileExecutionLog _executions;
    private readonly StoreRoot _root;

    private PoetFileStore(StoreRoot root)
    {
        _root = root;
        RootPath = root.RootPath;
        var functions = new FileFunctionStore(root);
        if (root.Problem is null)
        {
            functions.RecoverUnfinishedVersions(); // a version a crash left half-made becomes current or goes to quarantine
        }

        Functions = functions;
        Feedback = new FileFeedbackStore(root);
        _executions = new FileExecutionLog(root);
    }

    /// <summary>The store's folder (full path).</summary>
    public string RootPath { get; }

    /// <summary>Function versions (<c>.poet/{function}/</c>).</summary>
    public IFunctionStore Functions { get; }

    /// <summary>The execution log (<c>.poet/executions/</c>); also the interceptor's <see cref="IExecutionRecorder"/>.</summary>
    public IExecutionStore Executions => _executions;

    /// <summary>Feedback records (<c>.poet/feedback/</c>).</summary>
    public IFeedbackStore Feedback { get; }

    /// <summary>Opens (creating if needed) the store in <see cref="PoetOptions.StorePath"/>.</summary>
    /// <param name="options">The options (store path, recorder capacity, retention, segment size, lock timeout).</param>
    /// <param name="loggerFactory">Where the store reports recoveries, quarantined files and write failures; null for none.</param>
    /// <returns>The open store; dispose it to flush and close the execution log.</returns>
    /// <exception cref="PoetStoreException">
    /// The path is empty, not a valid path or names a file, or the folder holds a store written by a newer POET; the
    /// message names the path and the cause. A folder that cannot be created or written (read-only, full, a file in
    /// the way) does not throw: the store opens unusable, drops and counts execution records, reports the problem
    /// through <c>/poet/health</c>, and starts working when the folder can be written, without a restart.
    /// </exception>
    public static PoetFileStore Open(PoetOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PoetFileStore(StoreRoot.Open(options, loggerFactory ?? NullLoggerFactory.Instance));
    }

    /// <summary>
    /// Writes every queued execution record, seals the open log segment and closes the log, then checkpoints the function
    /// folders' journals (flushes the files their changes wrote and empties them).
    /// </summary>
    /// <returns>A task that completes when the log is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _executions.DisposeAsync().ConfigureAwait(false);
        _root.Journals.CheckpointAll(JournalCheckpointLockWait);
    }

    /// <summary>Synchronous form of <see cref="DisposeAsync"/>, for containers disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static readonly TimeSpan JournalCheckpointLockWait = TimeSpan.FromSeconds(1);
}
