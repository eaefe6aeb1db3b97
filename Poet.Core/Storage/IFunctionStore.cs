namespace Poet;

/// <summary>
/// Function versions: plan (<c>enhanced.json</c>), train spec (<c>train.json</c>), learned values and trainer
/// state (<c>metadata.json</c>), and which version is current. Version numbers are allocated under a lock that
/// holds across threads and processes, so none is written twice and none goes missing.
/// </summary>
public interface IFunctionStore
{
    /// <summary>Raised after this store instance changed a function's current version.</summary>
    event EventHandler<FunctionChangedEventArgs>? Changed;

    /// <summary>All function ids in the store, ordered.</summary>
    /// <returns>The function ids (original ids, not folder names).</returns>
    IReadOnlyList<string> ListFunctions();

    /// <summary>The current version of a function, or null when the function is unknown.</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The current version's metadata.</returns>
    FunctionVersion? GetCurrent(string functionId);

    /// <summary>One version of a function, or null when it does not exist.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version number.</param>
    /// <returns>The version's metadata.</returns>
    FunctionVersion? GetVersion(string functionId, int version);

    /// <summary>All version numbers of a function, ascending (empty when unknown).</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The version numbers.</returns>
    IReadOnlyList<int> GetVersions(string functionId);

    /// <summary>The plan of one version, or null.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version number.</param>
    /// <returns>The plan.</returns>
    FunctionPlan? GetPlan(string functionId, int version);

    /// <summary>The train spec of one version, or null.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version number.</param>
    /// <returns>The train spec.</returns>
    TrainSpec? GetTrainSpec(string functionId, int version);

    /// <summary>
    /// Writes version 1 of a function if it has no version yet; otherwise changes nothing. Returns the current version.
    /// </summary>
    /// <param name="plan">The function's plan.</param>
    /// <param name="trainSpec">The function's train spec.</param>
    /// <param name="initial">Version 1's metadata (learned values = declared defaults).</param>
    /// <returns>The current version after the call.</returns>
    FunctionVersion EnsureCreated(FunctionPlan plan, TrainSpec trainSpec, FunctionVersion initial);

    /// <summary>
    /// Under the store's cross-process lock: reads the current version, lets <paramref name="derive"/> compute the
    /// next one, writes it as <c>v{max+1}</c> (parent = current) and makes it current. The store sets
    /// <see cref="FunctionVersion.Version"/>, <see cref="FunctionVersion.Parent"/> and <see cref="FunctionVersion.CreatedAt"/>.
    /// </summary>
    /// <remarks>
    /// A version whose <see cref="VersionReason.FeedbackIds"/> name the feedback that produced it is followed by the
    /// write of those feedback records (<see cref="IFeedbackStore.SaveAsync"/> or <see cref="IFeedbackStore.SaveManyAsync"/>,
    /// with the version they produced), so a store may make the version durable together with them rather than on its own.
    /// </remarks>
    /// <param name="functionId">The function id.</param>
    /// <param name="derive">Computes the next version from the current one; returns null to write nothing.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <returns>The version written, or null when <paramref name="derive"/> returned null.</returns>
    Task<FunctionVersion?> AppendVersionAsync(string functionId, Func<FunctionVersion, FunctionVersion?> derive, CancellationToken cancellationToken = default);

    /// <summary>Makes an existing version current (rollback) and records the change in the function's history.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version to make current.</param>
    /// <param name="reason">Why (recorded).</param>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <returns>A task that completes when the version is current.</returns>
    /// <exception cref="KeyNotFoundException">The function or version does not exist.</exception>
    Task SetCurrentAsync(string functionId, int version, VersionReason reason, CancellationToken cancellationToken = default);

    /// <summary>Replaces the train spec of an existing version (used when an LLM proposes the map for version 1).</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version number.</param>
    /// <param name="trainSpec">The new train spec.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <returns>A task that completes when the spec is written.</returns>
    Task ReplaceTrainSpecAsync(string functionId, int version, TrainSpec trainSpec, CancellationToken cancellationToken = default);
}

/// <summary>A function's current version changed.</summary>
/// <param name="functionId">The function id.</param>
/// <param name="currentVersion">The new current version.</param>
public sealed class FunctionChangedEventArgs(string functionId, int currentVersion) : EventArgs
{
    /// <summary>The function id.</summary>
    public string FunctionId { get; } = functionId;

    /// <summary>The new current version.</summary>
    public int CurrentVersion { get; } = currentVersion;
}
