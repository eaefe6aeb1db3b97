using Autofac;
using Autofac.Extensions.DependencyInjection;
using DriftApi.Detection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Poet.Tests.Ecosystem;

/// <summary>The hosted start-up: functions compiled and registered before the first call, with either container.</summary>
public class StartupTests
{
    [Test]
    public async Task Start_up_registers_every_POET_function_before_the_first_call_with_services_AddPoet()
    {
        var store = TempStore.NewPath();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPoet(o => o.StorePath = store).AddScoped<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<IPoetFunctions>().List().Select(f => f.FunctionId), Does.Contain("IDriftDetector.Detect"));
        Assert.That(Directory.Exists(Path.Combine(store, "IDriftDetector.Detect", "v1")), Is.True);
        await host.StopAsync();
    }

    [Test]
    public async Task Start_up_registers_every_POET_function_before_the_first_call_with_Autofac()
    {
        var store = TempStore.NewPath();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.ConfigureContainer(new AutofacServiceProviderFactory(), b =>
        {
            b.AddPoet(o => o.StorePath = store);
            b.RegisterType<ZScoreDriftDetector>().As<IDriftDetector>().EnablePoet();
        });
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<IPoetFunctions>().List().Select(f => f.FunctionId), Does.Contain("IDriftDetector.Detect"));
        await host.StopAsync();
    }

    [Test]
    public void An_attribute_mistake_stops_the_start_with_its_message()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPoet(o => o.StorePath = TempStore.NewPath()).AddSingleton<IOutOfBounds, OutOfBounds>().EnablePoet<IOutOfBounds>();
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("outside").And.Contain("Min=0, Max=1"));
    }

    [Test]
    public async Task An_unusable_store_at_start_up_is_logged_and_the_app_still_starts()
    {
        var file = Path.Combine(TempStore.NewPath() + ".file");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "not a folder");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPoet(o => o.StorePath = file).AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        using var host = builder.Build();

        Assert.DoesNotThrowAsync(() => host.StartAsync());
        await host.StopAsync();
    }
}
