using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Poet;
using Poet.AspNetCore.Security;

namespace Poet.Tests.AspNetCore;

[TestFixture]
public sealed class EndpointOptionsTests
{
    [Test]
    public void POET_API_KEY_wins_over_AITOMATIC_API_KEY()
    {
        var options = new PoetEndpointOptions();
        var env = new Dictionary<string, string?> { ["POET_API_KEY"] = " poet-key ", ["AITOMATIC_API_KEY"] = "seed-key" };

        ApiKeyEnvironment.Apply(options, name => env.GetValueOrDefault(name));

        Assert.That(options.ApiKey, Is.EqualTo("poet-key"));
    }

    [Test]
    public void AITOMATIC_API_KEY_serves_when_POET_API_KEY_is_unset()
    {
        var options = new PoetEndpointOptions { ApiKey = "from-config" };

        ApiKeyEnvironment.Apply(options, name => name == "AITOMATIC_API_KEY" ? "seed-key" : null);

        Assert.That(options.ApiKey, Is.EqualTo("seed-key"));
    }

    [Test]
    public void No_variables_keep_the_configured_key()
    {
        var options = new PoetEndpointOptions { ApiKey = "from-config" };
        ApiKeyEnvironment.Apply(options, _ => "  ");
        Assert.That(options.ApiKey, Is.EqualTo("from-config"));
    }

    [Test]
    public void Defaults_are_X_Api_Key_closed_reads_and_one_MiB()
    {
        var options = new PoetEndpointOptions();
        Assert.That(options.HeaderName, Is.EqualTo("X-Api-Key"));
        Assert.That(options.AllowAnonymousReads, Is.False);
        Assert.That(options.MaxRequestBodyBytes, Is.EqualTo(1024 * 1024));
    }

    [TestCase(null, "X-Api-Key", 1024L, "POET_API_KEY")]
    [TestCase("k", "X Api Key", 1024L, "not a valid HTTP header name")]
    [TestCase("k", "X-Api-Key", 10L, "at least 1024 bytes")]
    public void Invalid_options_fail_with_a_message_that_says_what_to_set(string? key, string header, long limit, string expected)
    {
        var result = new PoetEndpointOptionsValidator().Validate(null, new PoetEndpointOptions { ApiKey = key, HeaderName = header, MaxRequestBodyBytes = limit });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(expected));
    }

    [Test]
    public void The_app_does_not_start_without_an_API_key()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration["Poet:Endpoints:ApiKey"] = string.Empty;
        builder.Services.AddPoetEndpoints(o => o.ApiKey = null);
        using var app = builder.Build();
        app.MapPoetEndpoints();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.That(ex!.Message, Does.Contain("POET_API_KEY"));
    }

    [Test]
    public void The_key_can_come_from_configuration()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["Poet:Endpoints:ApiKey"] = "from-configuration";
        builder.Configuration["Poet:Endpoints:AllowAnonymousReads"] = "true";
        builder.Services.AddPoetEndpoints();
        using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptions<PoetEndpointOptions>>().Value;

        // An environment variable set on the machine running the tests would win; that is the documented order.
        if (Environment.GetEnvironmentVariable("POET_API_KEY") is null && Environment.GetEnvironmentVariable("AITOMATIC_API_KEY") is null)
        {
            Assert.That(options.ApiKey, Is.EqualTo("from-configuration"));
        }

        Assert.That(options.AllowAnonymousReads, Is.True);
    }

    [Test]
    public void MapPoetEndpoints_without_AddPoetEndpoints_says_what_to_call()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapPoetEndpoints());
        Assert.That(ex!.Message, Does.Contain("AddPoetEndpoints"));
    }
}
