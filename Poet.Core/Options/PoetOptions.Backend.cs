using Microsoft.Extensions.Logging;

namespace Poet;

/// <content>Which storage backend local mode opens (the file store or another, such as PostgreSQL).</content>
public sealed partial class PoetOptions
{
    /// <summary>
    /// Opens the storage backend in local mode, or null for the file store in <see cref="StorePath"/> (the default).
    /// Set by <see cref="UseStore"/> (for example through <c>UsePostgreSql</c>).
    /// </summary>
    public Func<PoetOptions, ILoggerFactory, IPoetStore>? StoreFactory { get; private set; }

    /// <summary>
    /// Uses another storage backend than the file store in local mode: <paramref name="open"/> is called once, when
    /// the container first needs a store, and the container disposes what it returns.
    /// </summary>
    /// <param name="open">Opens the backend from the final options and the container's logger factory.</param>
    /// <returns>These options, for chaining.</returns>
    public PoetOptions UseStore(Func<PoetOptions, ILoggerFactory, IPoetStore> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        StoreFactory = open;
        return this;
    }

    /// <summary>Opens the configured backend: <see cref="StoreFactory"/>, or the file store in <see cref="StorePath"/>.</summary>
    /// <param name="loggerFactory">Where the store logs.</param>
    /// <returns>The open store; the caller disposes it.</returns>
    public IPoetStore OpenStore(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return StoreFactory is { } open ? open(this, loggerFactory) : PoetFileStore.Open(this, loggerFactory);
    }
}
