using System.Net;
using DriftApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Poet.WebLoad;

/// <summary>DriftApi on a real Kestrel server bound to 127.0.0.1 (a free port), with POET on or off, over a temporary store.</summary>
internal sealed class DriftApiServer : WebApplicationFactory<DriftApiMarker>
{
    public const string Key = "webload-key-0123456789abcdef";

    private readonly bool _poetEnabled;

    public DriftApiServer(bool poetEnabled)
    {
        _poetEnabled = poetEnabled;
        StorePath = Path.Combine(Path.GetTempPath(), "poet-webload-" + Guid.NewGuid().ToString("N"));
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

        // No test manifest outside a test project: point the content root at this program's folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_DRIFTAPI", AppContext.BaseDirectory);
    }

    public string StorePath { get; }

    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Poet:StorePath", StorePath);
        builder.UseSetting("Poet:Enabled", _poetEnabled ? "true" : "false");
        builder.UseSetting("Poet:Endpoints:ApiKey", Key);
        builder.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Error));
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
                // left for the OS to clean
            }
        }
    }
}
