using DriftApi.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace Poet.Tests.Ecosystem;

/// <summary>services.AddPoet() / EnablePoet&lt;T&gt;(): the same behaviour as the Autofac path.</summary>
public class ServiceCollectionTests
{
    private static ServiceProvider Build(Action<IServiceCollection> register, string? store = null)
    {
        var services = new ServiceCollection();
        services.AddPoet(o =>
        {
            o.StorePath = store ?? TempStore.NewPath();
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public async Task EnablePoet_makes_the_service_learn_from_feedback_and_the_next_call_uses_the_new_version()
    {
        var store = TempStore.NewPath();
        await using var provider = Build(s => s.AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>(), store);
        var detector = provider.GetRequiredService<IDriftDetector>();

        var first = EcoSamples.Check(detector);
        var outcome = await provider.GetRequiredService<IPoetFeedback>().FeedbackAsync(first, "False alarm - that was a seasonal dip.");
        var second = EcoSamples.Check(detector);

        Assert.That(first.Threshold, Is.EqualTo(3.0));
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        Assert.That(second.Threshold, Is.EqualTo(outcome.Changes.Single(c => c.Name == "threshold").NewValue));
        Assert.That(second.Threshold, Is.GreaterThan(3.0));
        Assert.That(Directory.Exists(Path.Combine(store, "IDriftDetector.Detect", "v2")), Is.True);
        Assert.That(provider.GetRequiredService<IPoetFunctions>().Get("IDriftDetector.Detect").CurrentVersion, Is.EqualTo(2));
    }

    [Test]
    public async Task Transient_proxies_of_a_disposable_service_share_one_compiled_constructor()
    {
        await using var provider = Build(s => s.AddTransient<IDriftDetector, OwningDetector>().EnablePoet<IDriftDetector>());

        var first = provider.GetRequiredService<IDriftDetector>();
        var second = provider.GetRequiredService<IDriftDetector>();

        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(new object[] { first, second }, Is.All.InstanceOf<IDisposable>(), "the proxy keeps the target's IDisposable");
        Assert.That(EcoSamples.Check(second).Threshold, Is.EqualTo(3.0));
        Assert.That(provider.GetRequiredService<Poet.Interception.PoetProxyFactory>().CompiledProxyShapes, Is.EqualTo(1));
    }

    /// <summary>A detector that owns something to dispose.</summary>
    public sealed class OwningDetector : IDriftDetector, IDisposable
    {
        private readonly ZScoreDriftDetector _inner = new();

        /// <inheritdoc />
        public DriftReport Detect(double[] reference, double[] current, double threshold = 3.0, CancellationToken cancellationToken = default) =>
            _inner.Detect(reference, current, threshold, cancellationToken);

        /// <inheritdoc />
        public void Dispose()
        {
        }
    }

    [Test]
    public async Task EnablePoet_keeps_a_singleton_a_singleton()
    {
        await using var provider = Build(s => s.AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>());

        var first = provider.GetRequiredService<IDriftDetector>();
        var second = provider.GetRequiredService<IDriftDetector>();

        Assert.That(second, Is.SameAs(first));
        Assert.That(first, Is.Not.InstanceOf<ZScoreDriftDetector>());
    }

    [Test]
    public async Task EnablePoet_keeps_scoped_per_scope_and_the_scope_disposes_the_instance()
    {
        await using var provider = Build(s => s.AddScoped<IDriftDetector, DisposableDetector>().EnablePoet<IDriftDetector>());
        DisposableDetector target;
        IDriftDetector inScope;
        using (var scope = provider.CreateScope())
        {
            inScope = scope.ServiceProvider.GetRequiredService<IDriftDetector>();
            Assert.That(scope.ServiceProvider.GetRequiredService<IDriftDetector>(), Is.SameAs(inScope));
            EcoSamples.Check(inScope);
            target = (DisposableDetector)((Castle.DynamicProxy.IProxyTargetAccessor)inScope).DynProxyGetTarget()!;
            Assert.That(target.Disposed, Is.False);
        }

        using var other = provider.CreateScope();
        Assert.That(other.ServiceProvider.GetRequiredService<IDriftDetector>(), Is.Not.SameAs(inScope));
        Assert.That(target.Disposed, Is.True);
    }

    [Test]
    public async Task EnablePoet_keeps_transient_transient_and_works_with_factories_and_instances()
    {
        var instance = new ZScoreDriftDetector();
        await using var transient = Build(s => s.AddTransient<IDriftDetector>(_ => new ZScoreDriftDetector()).EnablePoet<IDriftDetector>());
        await using var registered = Build(s => s.AddSingleton<IDriftDetector>(instance).EnablePoet<IDriftDetector>());

        var one = transient.GetRequiredService<IDriftDetector>();
        var another = transient.GetRequiredService<IDriftDetector>();

        Assert.That(another, Is.Not.SameAs(one));
        Assert.That(EcoSamples.Check(transient.GetRequiredService<IDriftDetector>()).IsDrift, Is.True);
        Assert.That(((Castle.DynamicProxy.IProxyTargetAccessor)registered.GetRequiredService<IDriftDetector>()).DynProxyGetTarget(), Is.SameAs(instance));
        Assert.That(PoetContext.LastExecutionId, Is.Not.Null);
    }

    [Test]
    public async Task Enabling_twice_wraps_once()
    {
        await using var provider = Build(s => s.AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>().EnablePoet<IDriftDetector>());
        var proxy = (Castle.DynamicProxy.IProxyTargetAccessor)provider.GetRequiredService<IDriftDetector>();

        Assert.That(proxy.DynProxyGetTarget(), Is.InstanceOf<ZScoreDriftDetector>());
    }

    [Test]
    public void EnablePoet_before_the_registration_says_to_register_the_service_first()
    {
        var services = new ServiceCollection().AddPoet();

        var error = Assert.Throws<InvalidOperationException>(() => services.EnablePoet<IDriftDetector>());

        Assert.That(error!.Message, Does.Contain("no IDriftDetector is registered yet").And.Contain("services.AddSingleton<IDriftDetector"));
    }

    [Test]
    public void EnablePoet_on_a_class_says_to_register_an_interface()
    {
        var services = new ServiceCollection().AddPoet().AddSingleton<ZScoreDriftDetector>();

        var error = Assert.Throws<InvalidOperationException>(() => services.EnablePoet<ZScoreDriftDetector>());

        Assert.That(error!.Message, Does.Contain("POET proxies implement interfaces"));
    }

    [Test]
    public async Task EnablePoet_without_AddPoet_says_to_call_AddPoet_when_resolved()
    {
        var services = new ServiceCollection().AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IDriftDetector>());

        Assert.That(error!.Message, Does.Contain("services.AddPoet()"));
    }

    [Test]
    public async Task A_users_own_recorder_wins_whether_registered_before_or_after_AddPoet()
    {
        var before = new Interception.CapturingRecorder();
        var after = new Interception.CapturingRecorder();
        var services = new ServiceCollection();
        services.AddSingleton<IExecutionRecorder>(before);
        services.AddPoet(o => o.StorePath = TempStore.NewPath());
        services.AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        await using (var provider = services.BuildServiceProvider())
        {
            EcoSamples.Check(provider.GetRequiredService<IDriftDetector>());
        }

        var later = new ServiceCollection().AddPoet(o => o.StorePath = TempStore.NewPath());
        later.AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        later.AddSingleton<IExecutionRecorder>(after);
        await using (var provider = later.BuildServiceProvider())
        {
            EcoSamples.Check(provider.GetRequiredService<IDriftDetector>());
        }

        Assert.That(before.Records, Has.Count.EqualTo(1));
        Assert.That(after.Records, Has.Count.EqualTo(1));
    }
}
