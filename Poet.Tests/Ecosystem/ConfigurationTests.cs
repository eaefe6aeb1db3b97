using DriftApi.Detection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Poet.Tests.Ecosystem;

/// <summary>Options from the Poet configuration section (code wins), validated at start-up.</summary>
public class ConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Test]
    public async Task Options_come_from_the_Poet_section_and_code_wins()
    {
        var fromConfig = TempStore.NewPath();
        var fromCode = TempStore.NewPath();
        var services = new ServiceCollection().AddSingleton(Configuration(
            ("Poet:StorePath", fromConfig), ("Poet:RecorderCapacity", "123"), ("Poet:StartupTimeout", "00:00:02")));
        services.AddPoet(o => o.StorePath = fromCode);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<PoetOptions>();

        Assert.That(options.StorePath, Is.EqualTo(fromCode));
        Assert.That(options.RecorderCapacity, Is.EqualTo(123));
        Assert.That(options.StartupTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task The_store_lands_where_the_configuration_says()
    {
        var store = TempStore.NewPath();
        var configuration = Configuration(("Poet:StorePath", store));
        var services = new ServiceCollection().AddSingleton(configuration);
        services.Configure<PoetOptions>(configuration.GetSection("Poet")); // what users tried: honoured, not ignored
        services.AddPoet().AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        await using var provider = services.BuildServiceProvider();

        EcoSamples.Check(provider.GetRequiredService<IDriftDetector>());

        Assert.That(Directory.Exists(Path.Combine(store, "IDriftDetector.Detect", "v1")), Is.True);
    }

    [Test]
    public async Task Poet_ServiceUrl_in_configuration_chooses_remote_mode()
    {
        var services = new ServiceCollection().AddSingleton(Configuration(
            ("Poet:ServiceUrl", "http://127.0.0.1:1/"), ("Poet:ServiceApiKey", "k"), ("Poet:StorePath", TempStore.NewPath())));
        services.AddPoet();
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<PoetOptions>();

        Assert.That(options.ServiceEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:1/")));
        Assert.That(options.ServiceApiKey, Is.EqualTo("k"));
        Assert.That(provider.GetRequiredService<IFunctionCatalog>(), Is.InstanceOf<Poet.Remote.RemoteFunctionCatalog>());
    }

    [Test]
    public void Invalid_options_stop_the_host_at_start_with_a_message_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Poet:RecorderCapacity", "0"), new("Poet:StorePath", TempStore.NewPath())]);
        builder.Services.AddPoet();
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Poet:RecorderCapacity").And.Contain("at least 1"));
    }

    [Test]
    public void A_bad_ServiceUrl_in_configuration_names_the_configuration_key()
    {
        var services = new ServiceCollection().AddSingleton(Configuration(("Poet:ServiceUrl", "not a url")));
        services.AddPoet();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PoetOptions>());

        Assert.That(error!.Message, Does.Contain("Poet:ServiceUrl"));
    }

    [Test]
    public void The_Autofac_path_runs_the_same_validation_when_the_container_is_built()
    {
        var builder = new Autofac.ContainerBuilder();
        builder.AddPoet(o => o.RecorderCapacity = 0);

        var error = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.That(error!.Message, Does.Contain("PoetOptions.RecorderCapacity"));
    }
}
