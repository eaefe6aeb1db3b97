namespace Poet;

/// <summary><see cref="IPoetFunctions"/> over the function store: list, inspect, roll back (recorded in the history).</summary>
internal sealed class PoetFunctionsService : IPoetFunctions
{
    private readonly IFunctionStore _store;
    private readonly FunctionLocks _locks;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The function store.</param>
    /// <param name="locks">Per-function locks shared with the trainer (a rollback never interleaves with an update).</param>
    public PoetFunctionsService(IFunctionStore store, FunctionLocks locks)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _locks = locks ?? throw new ArgumentNullException(nameof(locks));
    }

    /// <inheritdoc />
    public IReadOnlyList<PoetFunctionInfo> List()
    {
        var list = new List<PoetFunctionInfo>();
        foreach (var functionId in _store.ListFunctions())
        {
            if (TryGet(functionId) is { } info)
            {
                list.Add(info);
            }
        }

        return list;
    }

    /// <inheritdoc />
    public PoetFunctionInfo Get(string functionId)
    {
        ArgumentNullException.ThrowIfNull(functionId);
        return TryGet(functionId) ?? throw new KeyNotFoundException(UnknownFunction(functionId));
    }

    /// <inheritdoc />
    public async Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(functionId);
        using (await _locks.AcquireAsync(functionId, cancellationToken).ConfigureAwait(false))
        {
            var current = _store.GetCurrent(functionId) ?? throw new KeyNotFoundException(UnknownFunction(functionId));
            var versions = _store.GetVersions(functionId);
            if (!versions.Contains(version))
            {
                throw new KeyNotFoundException(
                    $"POET function '{functionId}' has no version {version}; its versions are {string.Join(", ", versions)} " +
                    $"(current: {current.Version}). Pick one of those.");
            }

            var reason = new VersionReason
            {
                Kind = "rollback",
                Rationale = version == current.Version
                    ? $"rollback to v{version}, which was already current"
                    : $"rollback from v{current.Version} to v{version}",
            };
            await _store.SetCurrentAsync(functionId, version, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private PoetFunctionInfo? TryGet(string functionId)
    {
        var current = _store.GetCurrent(functionId);
        return current is null
            ? null
            : new PoetFunctionInfo
            {
                FunctionId = functionId,
                CurrentVersion = current.Version,
                Parameters = current.Parameters,
                Versions = _store.GetVersions(functionId),
            };
    }

    private string UnknownFunction(string functionId)
    {
        var known = _store.ListFunctions();
        return $"No POET function '{functionId}'. Function ids look like '{{interface}}.{{method}}' (for example IDriftDetector.Detect) " +
            "or the [Poet(Name = ...)] you set; a function appears after its first call. " +
            (known.Count == 0 ? "No function is registered yet." : $"Known: {string.Join(", ", known.Take(20))}{(known.Count > 20 ? ", ..." : string.Empty)}.");
    }
}
