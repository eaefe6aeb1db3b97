namespace Poet.Tests.Remote;

/// <summary>A minimal server-side <see cref="IPoetFunctions"/> over a function store (the learning part's is not in this tree yet).</summary>
internal sealed class StoreFunctions(IFunctionStore store) : IPoetFunctions
{
    public IReadOnlyList<PoetFunctionInfo> List() => [.. store.ListFunctions().Select(Get)];

    public PoetFunctionInfo Get(string functionId)
    {
        var current = store.GetCurrent(functionId) ?? throw new KeyNotFoundException($"No POET function '{functionId}'.");
        return new PoetFunctionInfo
        {
            FunctionId = functionId,
            CurrentVersion = current.Version,
            Parameters = current.Parameters,
            Versions = store.GetVersions(functionId),
        };
    }

    public Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken = default) =>
        store.SetCurrentAsync(functionId, version, new VersionReason { Kind = "rollback" }, cancellationToken);
}
