using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DriftApi;
using DriftApi.Detection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Poet.Tests.Dashboard;

/// <summary>
/// The real DriftApi (real POET over a temporary store) on a real Kestrel loopback port chosen by the OS, so a
/// browser can reach it; plus the HTTP calls the tests use to make executions and feedback.
/// </summary>
internal sealed class DashboardServer : WebApplicationFactory<DriftApiMarker>
{
    public const string Key = "dashboard-test-key-0123456789abcdef";
    public const string FunctionId = "IDriftDetector.Detect";

    // A seasonal dip: about 3.2 reference deviations, so drift at the default threshold 3.0.
    public const string CheckBody = """{"reference":[10,11,9,10,11,9,10,11,9,10],"current":[7.4,7.3,7.5]}""";

    // About 12 reference deviations: drift at every threshold the tests reach.
    private const string FarDriftBody = """{"reference":[10,11,9,10,11,9,10,11,9,10],"current":[0,0,0]}""";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _storePath = Path.Combine(Path.GetTempPath(), "poet-dashboard-" + Guid.NewGuid().ToString("N"));

    private DashboardServer(Dictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }

    /// <summary>The server's root, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The dashboard's address.</summary>
    public Uri DashboardAddress => new(BaseAddress, "/poet/ui/");

    /// <summary>A client of the real server that sends the API key.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts the server; <paramref name="settings"/> adds configuration such as <c>Poet:Endpoints:AllowAnonymousReads</c>.</summary>
    /// <param name="settings">Extra configuration.</param>
    /// <returns>The running server.</returns>
    public static DashboardServer Start(Dictionary<string, string?>? settings = null) => new(settings ?? []);

    /// <summary>One drift check; returns its execution id.</summary>
    /// <param name="body">The check's JSON body.</param>
    /// <returns>The execution id.</returns>
    public async Task<string> CheckAsync(string body = CheckBody)
    {
        using var response = await Http.PostAsync("/drift/check", Json(body));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.IsSuccessStatusCode, Is.True, answer.ToString());
        return answer.GetProperty("executionId").GetString()!;
    }

    /// <summary>
    /// One call that fails: the detector (a POET proxy from the app's container) throws on a one-value reference
    /// window. The app's own HTTP validation never lets such a call through, so it is made directly.
    /// </summary>
    public void FailOnce()
    {
        var detector = Services.GetRequiredService<IDriftDetector>();
        Assert.That(() => detector.Detect([10], [7.4]), Throws.Exception);
    }

    /// <summary>Feedback on an execution through <c>POST /poet/feedback</c>; returns the outcome.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="feedbackJson">The feedback as JSON.</param>
    /// <returns>The outcome.</returns>
    public async Task<JsonElement> FeedbackAsync(string executionId, string feedbackJson)
    {
        using var response = await Http.PostAsync("/poet/feedback", Json($$"""{"executionId":"{{executionId}}","feedback":{{feedbackJson}}}"""));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.IsSuccessStatusCode, Is.True, body.ToString());
        return body;
    }

    /// <summary>
    /// Checks a far drift (about 12 deviations, above any threshold reached here) and says "false alarm"
    /// <paramref name="count"/> times: each raises the threshold and writes a new version.
    /// </summary>
    /// <param name="count">How many feedbacks.</param>
    /// <returns>The task.</returns>
    public async Task LearnAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = await CheckAsync(FarDriftBody);
            var outcome = await FeedbackAsync(id, "\"False alarm - that was a seasonal dip.\"");
            Assert.That(outcome.GetProperty("newVersion").ValueKind, Is.EqualTo(JsonValueKind.Number), outcome.ToString());
        }
    }

    /// <summary>GET as JSON with the key.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The JSON.</returns>
    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Poet:StorePath", _storePath);
        builder.UseSetting("Poet:Endpoints:ApiKey", Key);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http.Dispose();
        }

        base.Dispose(disposing);
        if (disposing && Directory.Exists(_storePath))
        {
            try
            {
                Directory.Delete(_storePath, recursive: true);
            }
            catch (IOException)
            {
                // a file still open by a background flush; the temp folder is cleaned by the OS later
            }
        }
    }
}
