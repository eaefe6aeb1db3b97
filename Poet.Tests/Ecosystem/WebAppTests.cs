using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DriftApi.Detection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Poet.Tests.Ecosystem;

/// <summary>An ASP.NET Core app on the default container: /poet/*, health checks, HTTP wording.</summary>
public class WebAppTests
{
    private const string Key = "eco-test-key-0123456789abcdef0123456789";

    private static async Task<WebApplication> StartAsync(string store)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPoet(o => o.StorePath = store).AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        builder.Services.AddPoetEndpoints(o => o.ApiKey = Key);
        builder.Services.AddHealthChecks().AddPoet();
        var app = builder.Build();
        app.MapPoetEndpoints();
        await app.StartAsync();
        return app;
    }

    [Test]
    public async Task The_poet_endpoints_work_on_the_default_container_and_feedback_over_HTTP_trains()
    {
        await using var app = await StartAsync(TempStore.NewPath());
        using var http = app.GetTestClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);
        EcoSamples.Check(app.Services.GetRequiredService<IDriftDetector>());
        var id = PoetContext.LastExecutionId!.Value;

        using var functions = await http.GetAsync("/poet/functions");
        using var feedback = await http.PostAsJsonAsync("/poet/feedback", new { executionId = id.Value, feedback = "false alarm, seasonal dip" });
        using var outcome = JsonDocument.Parse(await feedback.Content.ReadAsStringAsync());

        Assert.That(functions.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(feedback.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(outcome.RootElement.GetProperty("newVersion").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Feedback_on_an_unknown_id_over_HTTP_says_what_to_send_without_CSharp_advice()
    {
        await using var app = await StartAsync(TempStore.NewPath());
        using var http = app.GetTestClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        using var response = await http.PostAsJsonAsync("/poet/feedback", new { executionId = ExecutionId.New().Value, feedback = 4 });
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body, Does.Contain("X-Poet-Execution-Id"));
        Assert.That(body, Does.Not.Contain("PoetContext").And.Not.Contain("FeedbackAsync"));
    }

    [Test]
    public async Task Health_checks_report_the_store_healthy_and_the_service_check_not_applicable_in_local_mode()
    {
        await using var app = await StartAsync(TempStore.NewPath());

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(report.Entries[PoetHealthChecksBuilderExtensions.StoreCheckName].Description, Does.Contain("answers"));
        Assert.That(report.Entries[PoetHealthChecksBuilderExtensions.ServiceCheckName].Description, Does.Contain("Local mode"));
    }

    [Test]
    public async Task Health_checks_report_an_unusable_store_unhealthy_with_the_cause()
    {
        var file = TempStore.NewPath() + ".file";
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "not a folder");
        await using var app = await StartAsync(file);

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.That(report.Entries[PoetHealthChecksBuilderExtensions.StoreCheckName].Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries[PoetHealthChecksBuilderExtensions.StoreCheckName].Description, Does.Contain(file));
    }

    [Test]
    public async Task Health_checks_report_a_POET_service_that_does_not_answer_unhealthy()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddPoet(o => o.UseService(new Uri($"http://127.0.0.1:{Remote.RemoteTestHost.FreePort()}/"), "k").StorePath = TempStore.NewPath());
        services.AddHealthChecks().AddPoet();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.That(report.Entries[PoetHealthChecksBuilderExtensions.ServiceCheckName].Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries[PoetHealthChecksBuilderExtensions.StoreCheckName].Status, Is.EqualTo(HealthStatus.Healthy));
    }
}
