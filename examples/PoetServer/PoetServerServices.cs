using Autofac;
using Autofac.Extensions.DependencyInjection;
using Poet;

namespace PoetServer;

/// <summary>The POET service's own POET: always local mode, over the file store in <c>POET_STORE_PATH</c>.</summary>
internal static class PoetServerServices
{
    /// <summary>Configuration key (and environment variable) for the store folder.</summary>
    public const string StorePathKey = PoetOptions.StorePathVariable;

    /// <summary>The store folder: <c>POET_STORE_PATH</c>, default <c>.poet</c>.</summary>
    public static string StorePath(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[StorePathKey]) ? ".poet" : configuration[StorePathKey]!;

    /// <summary>The API key: <c>AITOMATIC_API_KEY</c> (environment or configuration), else <c>Poet:Endpoints:ApiKey</c> (the key the <c>/poet/*</c> endpoints read too).</summary>
    public static string? ApiKey(IConfiguration configuration) =>
        configuration[PoetOptions.ServiceApiKeyVariable] is { Length: > 0 } key ? key : configuration[$"{PoetEndpointOptions.SectionName}:ApiKey"];

    /// <summary>Autofac as the container, POET in local mode over the file store, and the <c>/poet/*</c> endpoints' options.</summary>
    public static WebApplicationBuilder AddPoetServer(this WebApplicationBuilder builder)
    {
        var storePath = StorePath(builder.Configuration);
        builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
        builder.Host.ConfigureContainer<ContainerBuilder>(container =>
            container.AddPoet(o => o.UseLocal().StorePath = storePath));

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
