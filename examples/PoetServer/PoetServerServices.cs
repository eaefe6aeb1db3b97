using Poet;

namespace PoetServer;

/// <summary>
/// What the POET service hosts: POET in local mode (store, catalog, execution log, learning) that the endpoints
/// serve to remote clients.
/// </summary>
internal static class PoetServerServices
{
    /// <summary>The configuration key (and environment variable) of the store folder.</summary>
    public const string StorePathKey = "POET_STORE_PATH";

    /// <summary>The store folder: <c>POET_STORE_PATH</c>, default <c>.poet</c>.</summary>
    public static string StorePath(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[StorePathKey]) ? ".poet" : configuration[StorePathKey]!;

    /// <summary>Registers the services the endpoints need.</summary>
    /// <remarks>
    /// INTERIM until the file store, learning and AddPoet land: in-memory stores (versions are lost when the
    /// service stops) and no IPoetFeedback/IPoetFunctions. The lead replaces this body with AddPoet in local mode
    /// over the file store at <see cref="StorePath"/> (see the remote-mode report).
    /// </remarks>
    public static IServiceCollection AddPoetServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IFunctionStore>(_ => new InMemoryFunctionStore());
        services.AddSingleton(_ => new DomainCatalog());
        services.AddSingleton<IFunctionCatalog>(sp => new LocalFunctionCatalog(
            sp.GetRequiredService<IFunctionStore>(), sp.GetRequiredService<DomainCatalog>(), sp.GetService<ILogger<LocalFunctionCatalog>>()));
        services.AddSingleton<IExecutionStore>(_ => new InMemoryExecutionStore());
        return services;
    }
}
