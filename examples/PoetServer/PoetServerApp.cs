using Poet;

namespace PoetServer;

/// <summary>Builds the POET service app; <c>Program</c> runs it, tests start it on a loopback port.</summary>
public static class PoetServerApp
{
    /// <summary>
    /// Builds the app: POET in local mode over PostgreSQL (<c>POET_POSTGRES</c>) or the store at <c>POET_STORE_PATH</c>,
    /// the remote-mode endpoints.
    /// </summary>
    /// <exception cref="PoetStoreException">With <c>POET_POSTGRES</c>: the database cannot be used (the message names it and what to fix).</exception>
    /// <param name="args">Command-line arguments (<c>--urls</c> picks the address).</param>
    /// <param name="configure">Adjusts the builder before the app is built (tests: URL, key, store folder).</param>
    /// <returns>The app, not started.</returns>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddPoetServer();

        var app = builder.Build();
        if (PoetServerServices.Postgres(app.Configuration) is not null)
        {
            // Open the database now: an unreachable one stops the service at start with a message naming it.
            app.Services.GetRequiredService<IPoetStore>();
        }

        app.MapPoetEndpoints();
        app.MapPoetServiceEndpoints();
        app.MapGet("/", () => Results.Text(
            $"POET service: remote clients set {PoetOptions.ServiceUrlVariable} to this URL and {PoetOptions.ServiceApiKeyVariable} to its key."));
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "POET service: store {Store}, endpoints under /poet/service",
            app.Services.GetRequiredService<IPoetStore>() is PoetPostgreSqlStore postgres
                ? "PostgreSQL " + postgres.Target
                : Path.GetFullPath(PoetServerServices.StorePath(app.Configuration))));
        return app;
    }
}
