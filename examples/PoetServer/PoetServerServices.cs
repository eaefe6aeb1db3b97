using Autofac;
using Autofac.Extensions.DependencyInjection;
using Poet;

namespace PoetServer;

/// <summary>
/// The POET service's own POET: always local mode, over PostgreSQL when <c>POET_POSTGRES</c> holds a connection string
/// (then several services share one learning state), else over the file store in <c>POET_STORE_PATH</c>.
/// </summary>
internal static class PoetServerServices
{
    /// <summary>Configuration key (and environment variable) for the store folder.</summary>
    public const string StorePathKey = PoetOptions.StorePathVariable;

    /// <summary>Configuration key (and environment variable) for a PostgreSQL connection string.</summary>
    public const string PostgresKey = "POET_POSTGRES";

    /// <summary>The PostgreSQL connection string (<c>POET_POSTGRES</c>), or null for the file store.</summary>
    public static string? Postgres(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[PostgresKey]) ? null : configuration[PostgresKey];

    /// <summary>The store folder: <c>POET_STORE_PATH</c>, default <c>.poet</c>.</summary>
    public static string StorePath(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[StorePathKey]) ? ".poet" : configuration[StorePathKey]!;

    /// <summary>The API key: <c>AITOMATIC_API_KEY</c> (environment or configuration), else <c>Poet:Endpoints:ApiKey</c> (the key the <c>/poet/*</c> endpoints read too).</summary>
    public static string? ApiKey(IConfiguration configuration) =>
        configuration[PoetOptions.ServiceApiKeyVariable] is { Length: > 0 } key ? key : configuration[$"{PoetEndpointOptions.SectionName}:ApiKey"];

    /// <summary>Autofac as the container, POET in local mode over PostgreSQL or the file store, and the <c>/poet/*</c> endpoints' options.</summary>
    public static WebApplicationBuilder AddPoetServer(this WebApplicationBuilder builder)
    {
        var storePath = StorePath(builder.Configuration);
        var postgres = Postgres(builder.Configuration);
        builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
        builder.Host.ConfigureContainer<ContainerBuilder>(container =>
            container.AddPoet(o =>
            {
                o.UseLocal().StorePath = storePath;
                if (postgres is not null)
                {
                    o.UsePostgreSql(postgres);
                }
            }));

        var apiKey = ApiKey(builder.Configuration);
        builder.Services.AddPoetEndpoints(o =>
        {
            if (!string.IsNullOrWhiteSpace(apiKey))
            {
                o.ApiKey = apiKey;
            }
        });
        return builder;
    }
}
