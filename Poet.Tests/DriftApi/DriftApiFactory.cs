using Autofac;
using DriftApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Poet.Tests.DriftApi;

/// <summary>
/// The real DriftApi in process over a temporary store. <see cref="Override"/> registers test doubles in the
/// Autofac container after the app's own registrations (so they win).
/// </summary>
internal sealed class DriftApiFactory : WebApplicationFactory<DriftApiMarker>
{
    public const string Key = "drift-test-key-0123456789abcdef";

    public DriftApiFactory(Action<ContainerBuilder>? overrides = null, bool poetEnabled = true)
    {
        Override = overrides;
        PoetEnabled = poetEnabled;
        StorePath = Path.Combine(Path.GetTempPath(), "poet-driftapi-" + Guid.NewGuid().ToString("N"));
    }

    public string StorePath { get; }

    public Action<ContainerBuilder>? Override { get; }

    public bool PoetEnabled { get; }

    public HttpClient CreateKeyedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Poet:StorePath", StorePath);
        builder.UseSetting("Poet:Enabled", PoetEnabled ? "true" : "false");
        builder.UseSetting("Poet:Endpoints:ApiKey", Key);
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    // ConfigureTestContainer does not reach Autofac under minimal hosting; a host-level ConfigureContainer added
    // here runs after the app's own, so its registrations win.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (Override is not null)
        {
            builder.ConfigureContainer(Override);
        }

        return base.CreateHost(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(StorePath))
        {
            try
            {
                Directory.Delete(StorePath, recursive: true);
            }
            catch (IOException)
            {
                // a file still open by a background flush; the temp folder is cleaned by the OS later
            }
        }
    }
}
