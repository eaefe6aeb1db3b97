using Microsoft.Extensions.DependencyInjection;

namespace Poet.Remote;

/// <summary>
/// Owns the small service provider that holds remote mode's <see cref="IHttpClientFactory"/>. Kept private to POET:
/// the app's own container may have its own factory, which this never replaces.
/// </summary>
internal sealed class RemoteHttpHost : IAsyncDisposable, IDisposable
{
    private readonly ServiceProvider _provider;

    /// <summary>Builds the provider.</summary>
    /// <param name="options">The remote settings.</param>
    /// <param name="primaryHandler">The innermost handler; null = sockets.</param>
    public RemoteHttpHost(RemoteClientOptions options, Func<HttpMessageHandler>? primaryHandler)
    {
        _provider = RemoteHttp.BuildProvider(options, primaryHandler);
        Factory = _provider.GetRequiredService<IHttpClientFactory>();
    }

    /// <summary>The client factory.</summary>
    public IHttpClientFactory Factory { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _provider.Dispose();
}
