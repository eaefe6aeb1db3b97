namespace Poet;

/// <summary>
/// A storage backend as a whole: function versions, the execution log and feedback records, opened together and
/// closed together. The file store (<see cref="PoetFileStore"/>) is the embedded default; another backend (for
/// example PostgreSQL, <c>UsePostgreSql</c>) is chosen with <see cref="PoetOptions.UseStore"/>.
/// </summary>
public interface IPoetStore : IAsyncDisposable, IDisposable
{
    /// <summary>Function versions, history and the current version of each function.</summary>
    IFunctionStore Functions { get; }

    /// <summary>The execution log; also the interceptor's <see cref="IExecutionRecorder"/>.</summary>
    IExecutionStore Executions { get; }

    /// <summary>Feedback records.</summary>
    IFeedbackStore Feedback { get; }
}
