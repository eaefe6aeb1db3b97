namespace Poet;

/// <summary>Lists POET functions and their versions, and restores an older version.</summary>
public interface IPoetFunctions
{
    /// <summary>All functions known to the store.</summary>
    /// <returns>One entry per function, ordered by id.</returns>
    IReadOnlyList<PoetFunctionInfo> List();

    /// <summary>One function.</summary>
    /// <param name="functionId">The function id, for example <c>IDriftDetector.Detect</c>.</param>
    /// <returns>The function's current state and versions.</returns>
    /// <exception cref="KeyNotFoundException">No function with that id; the message lists how to find ids.</exception>
    PoetFunctionInfo Get(string functionId);

    /// <summary>Makes an older version current again; the rollback itself is recorded.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version to restore.</param>
    /// <param name="cancellationToken">Cancels the rollback.</param>
    /// <returns>A task that completes when the version is current.</returns>
    Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken = default);
}
