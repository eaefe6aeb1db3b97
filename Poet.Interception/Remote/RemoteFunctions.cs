namespace Poet.Remote;

/// <summary>
/// The remote-mode <see cref="IPoetFunctions"/>: lists the service's functions and rolls them back there. The
/// synchronous members block on the network call; they are for tooling, not for hot paths.
/// </summary>
internal sealed class RemoteFunctions(RemoteServiceClient client, RemoteFunctionCatalog catalog) : IPoetFunctions
{
    /// <inheritdoc />
    public IReadOnlyList<PoetFunctionInfo> List() =>
        Task.Run(() => client.ListAsync(CancellationToken.None)).GetAwaiter().GetResult();

    /// <inheritdoc />
    public PoetFunctionInfo Get(string functionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionId);
        return Task.Run(() => client.GetAsync(functionId, CancellationToken.None)).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public async Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionId);
        await client.RollbackAsync(functionId, version, cancellationToken).ConfigureAwait(false);
        catalog.RequestSync();
    }
}
