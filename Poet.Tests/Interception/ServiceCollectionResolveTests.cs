using Microsoft.Extensions.DependencyInjection;
using Poet.Interception;

namespace Poet.Tests.Interception;

/// <summary>Resolving a POET service from Microsoft.Extensions.DependencyInjection: what each resolve pays.</summary>
public class ServiceCollectionResolveTests
{
    [Test]
    public async Task A_transient_service_looks_its_proxy_constructor_up_on_the_first_resolve_only()
    {
        var services = new ServiceCollection();
        services.AddPoet(o => o.StorePath = TempStore.NewPath());
        services.AddTransient<IFlaky, Flaky>().EnablePoet<IFlaky>();
        await using var provider = services.BuildServiceProvider();

        var proxies = Enumerable.Range(0, 5).Select(_ => provider.GetRequiredService<IFlaky>()).ToList();

        Assert.That(proxies.Distinct().Count(), Is.EqualTo(5), "each resolve still gets its own proxy around its own instance");
        Assert.That(proxies.Select(p => p.Sync(0)), Is.All.EqualTo(1), "every proxy intercepts and calls its target");
        Assert.That(provider.GetRequiredService<PoetProxyFactory>().ActivatorLookups, Is.EqualTo(1));
    }

    [Test]
    public async Task Two_containers_built_from_one_service_collection_each_get_proxies_of_their_own_runtime()
    {
        var services = new ServiceCollection();
        services.AddPoet(o => o.StorePath = TempStore.NewPath());
        services.AddTransient<IFlaky, Flaky>().EnablePoet<IFlaky>();
        await using var first = services.BuildServiceProvider();
        await using var second = services.BuildServiceProvider();

        first.GetRequiredService<IFlaky>().Sync(0);
        second.GetRequiredService<IFlaky>().Sync(0);
        first.GetRequiredService<IFlaky>().Sync(0);

        Assert.That(first.GetRequiredService<PoetProxyFactory>().ActivatorLookups, Is.EqualTo(2), "the cache follows the container asking");
        Assert.That(second.GetRequiredService<PoetProxyFactory>().ActivatorLookups, Is.EqualTo(1));
    }
}
