using Autofac;
using Autofac.Core;
using Castle.DynamicProxy;
using Moq;

namespace Poet.Tests.Interception;

public sealed class RegistrationTests
{
    [Test]
    public void RegisterType_resolves_a_poet_proxy_that_calls_the_target()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet());

        var detector = container.Resolve<IDetector>();
        var report = detector.Detect([1, 2, 3], [1, 2, 3]);

        Assert.Multiple(() =>
        {
            Assert.That(ProxyUtil.IsProxy(detector), Is.True);
            Assert.That(report.Threshold, Is.EqualTo(3.0));
        });
    }

    [Test]
    public void Per_resolve_proxies_each_wrap_their_own_target_through_one_compiled_constructor()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet());

        var proxies = Enumerable.Range(0, 5).Select(_ => container.Resolve<IDetector>()).ToList();

        Assert.That(proxies.Distinct().Count(), Is.EqualTo(5), "InstancePerDependency: a new proxy each time");
        Assert.That(proxies.Select(p => ProxyUtil.GetUnproxiedInstance(p)).Distinct().Count(), Is.EqualTo(5), "each around its own target");
        Assert.That(proxies.Select(p => p.Detect([1, 2, 3], [1, 2, 3]).Threshold), Is.All.EqualTo(3.0));
        Assert.That(container.Resolve<Poet.Interception.PoetProxyFactory>().CompiledProxyShapes, Is.EqualTo(1), "one constructor compiled, no reflection per resolve");
    }

    [Test]
    public void Lambda_registration_is_proxied()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.Register(_ => new Detector()).As<IDetector>().EnablePoet(), recorder: recorder);

        container.Resolve<IDetector>().Login("ann", "secret");

        Assert.That(recorder.Records.Single().FunctionId, Is.EqualTo("IDetector.Login"));
    }

    [Test]
    public void A_registration_that_activates_different_types_wraps_each_in_its_own_proxy_shape()
    {
        var resolves = 0;
        using var container = PoetTestHost.Build(b => b.Register<IDetector>(_ => resolves++ % 2 == 0 ? new Detector() : new TripleDetector()).As<IDetector>().EnablePoet());

        var detectors = Enumerable.Range(0, 4).Select(_ => container.Resolve<IDetector>()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(detectors.Select(d => ProxyUtil.GetUnproxiedInstance(d)!.GetType()), Is.EqualTo(new[] { typeof(Detector), typeof(TripleDetector), typeof(Detector), typeof(TripleDetector) }));
            Assert.That(detectors.Select(d => d.NotPoet(5)), Is.EqualTo(new[] { 10, 15, 10, 15 }));
            Assert.That(container.Resolve<Poet.Interception.PoetProxyFactory>().CompiledProxyShapes, Is.EqualTo(2));
        });
    }

    [Test]
    public void Instance_registration_is_proxied_and_keeps_the_instance_as_target()
    {
        var target = new Detector();
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDetector>().EnablePoet(), recorder: recorder);

        var proxy = container.Resolve<IDetector>();
        proxy.NotPoet(1);

        Assert.Multiple(() =>
        {
            Assert.That(ProxyUtil.IsProxy(proxy), Is.True);
            Assert.That(target.NotPoetCalls, Is.EqualTo(1));
            Assert.That(container.Resolve<IDetector>(), Is.SameAs(proxy));
        });
    }

    [Test]
    public void Open_generic_registration_is_proxied_per_closed_type_with_readable_ids()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterGeneric(typeof(Repo<>)).As(typeof(IRepo<>)).EnablePoet(), recorder: recorder);

        var reports = container.Resolve<IRepo<DriftReport>>();
        var scores = container.Resolve<IRepo<Score>>();

        Assert.Multiple(() =>
        {
            Assert.That(reports.Get(1), Is.InstanceOf<DriftReport>());
            Assert.That(scores.Count(), Is.EqualTo(42));
            Assert.That(recorder.Records.Select(r => r.FunctionId), Is.EquivalentTo(new[] { "IRepo<DriftReport>.Get", "IRepo<Score>.Count" }));
        });
    }

    [Test]
    public void A_moq_mock_behind_EnablePoet_gets_retries_and_records()
    {
        var mock = new Mock<IFlaky>();
        mock.SetupSequence(f => f.Sync(It.IsAny<int>()))
            .Throws(new TransientFailureException("first"))
            .Returns(42);
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(mock.Object).As<IFlaky>().EnablePoet(), recorder: recorder);

        var result = container.Resolve<IFlaky>().Sync(0);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(42));
            Assert.That(recorder.Single("IFlaky.Sync").Attempts, Is.EqualTo(2));
        });
        mock.Verify(f => f.Sync(0), Times.Exactly(2));
    }

    [Test]
    public void Singleton_lifetime_is_unchanged_one_proxy_one_target()
    {
        var before = DisposableGreeter.Created;
        using var container = PoetTestHost.Build(b => b.RegisterType<DisposableGreeter>().As<IGreeter>().SingleInstance().EnablePoet());

        var first = container.Resolve<IGreeter>();
        using var scope = container.BeginLifetimeScope();
        var second = scope.Resolve<IGreeter>();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(DisposableGreeter.Created - before, Is.EqualTo(1));
        });
    }

    [Test]
    public void Per_scope_lifetime_is_unchanged_and_the_target_is_disposed_once_with_its_scope()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<DisposableGreeter>().As<IGreeter>().InstancePerLifetimeScope().EnablePoet());

        IGreeter inScope;
        DisposableGreeter target;
        using (var scope = container.BeginLifetimeScope())
        {
            inScope = scope.Resolve<IGreeter>();
            Assert.That(scope.Resolve<IGreeter>(), Is.SameAs(inScope));
            target = (DisposableGreeter)ProxyUtil.GetUnproxiedInstance(inScope)!;
            Assert.That(target.Disposals, Is.Zero);
        }

        Assert.Multiple(() =>
        {
            Assert.That(target.Disposals, Is.EqualTo(1));
            Assert.That(container.Resolve<IGreeter>(), Is.Not.SameAs(inScope));
        });
    }

    [Test]
    public void Instance_per_dependency_targets_are_disposed_by_the_container_once()
    {
        var container = PoetTestHost.Build(b => b.RegisterType<DisposableGreeter>().As<IGreeter>().EnablePoet());
        var targets = Enumerable.Range(0, 3)
            .Select(_ => (DisposableGreeter)ProxyUtil.GetUnproxiedInstance(container.Resolve<IGreeter>())!)
            .ToList();

        container.Dispose();

        Assert.That(targets.Select(t => t.Disposals), Is.All.EqualTo(1));
    }

    [Test]
    public void Externally_owned_targets_are_not_disposed()
    {
        var target = new DisposableGreeter();
        var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IGreeter>().ExternallyOwned().EnablePoet());
        container.Resolve<IGreeter>().Greet("x");

        container.Dispose();

        Assert.That(target.Disposals, Is.Zero);
    }

    [Test]
    public void Methods_without_poet_pass_straight_through_and_are_not_recorded()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);

        var value = container.Resolve<IDetector>().NotPoet(21);

        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(42));
            Assert.That(recorder.Records, Is.Empty);
        });
    }

    [Test]
    public void Without_EnablePoet_the_service_is_not_proxied()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>());

        Assert.That(ProxyUtil.IsProxy(container.Resolve<IDetector>()), Is.False);
    }

    [Test]
    public void EnablePoet_twice_wraps_once()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet().EnablePoet(), recorder: recorder);

        container.Resolve<IDetector>().Login("a", "b");

        Assert.That(recorder.Records, Has.Count.EqualTo(1));
    }

    [Test]
    public void EnablePoet_without_AddPoet_fails_at_resolve_and_says_how_to_fix_it()
    {
        var builder = new ContainerBuilder();
        builder.RegisterType<Detector>().As<IDetector>().EnablePoet();
        using var container = builder.Build();

        var ex = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IDetector>());
        Assert.That(ex!.ToString(), Does.Contain("AddPoet()"));
    }

    [Test]
    public void EnablePoet_on_a_class_service_fails_at_resolve_and_says_how_to_fix_it()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().AsSelf().As<IDetector>().EnablePoet());

        var ex = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IDetector>());
        Assert.That(ex!.ToString(), Does.Contain("Expose it only as interfaces"));
    }

    [Test]
    public void A_proxy_implements_every_interface_the_registration_exposes()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<MultiService>().As<IGreeter>().As<IDetectorLite>().SingleInstance().EnablePoet());

        var greeter = container.Resolve<IGreeter>();
        var lite = container.Resolve<IDetectorLite>();

        Assert.Multiple(() =>
        {
            Assert.That(lite, Is.SameAs(greeter));
            Assert.That(lite.Ping(), Is.EqualTo(1));
        });
    }

    [Test]
    public void User_registrations_override_poet_defaults_before_or_after_AddPoet()
    {
        var early = new CapturingRecorder();
        var builder = new ContainerBuilder();
        builder.RegisterInstance(early).As<IExecutionRecorder>();
        builder.AddPoet(o => (o.StorePath, o.RetryBaseDelay) = (TempStore.NewPath(), TimeSpan.Zero));
        builder.RegisterType<Detector>().As<IDetector>().EnablePoet();
        using var container = builder.Build();

        container.Resolve<IDetector>().Login("a", "b");

        Assert.That(early.Records, Has.Count.EqualTo(1));
    }

    [Test]
    public void Bad_attributes_fail_at_resolve_with_a_fix()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<BadLearnable>().As<IBadLearnable>().EnablePoet());

        var ex = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IBadLearnable>());
        Assert.That(ex!.ToString(), Does.Contain("[Learnable]").And.Contain("IBadLearnable.Run"));
    }

    [Test]
    public void Unknown_domain_fails_at_resolve_and_lists_known_domains()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<BadDomain>().As<IBadDomain>().EnablePoet());

        var ex = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IBadDomain>());
        Assert.That(ex!.ToString(), Does.Contain("ml_monitoring").And.Contain("AddDomain"));
    }

    [Test]
    public async Task AddPoet_defaults_keep_executions_findable_by_id_and_apply_every_configuration_step()
    {
        var builder = new ContainerBuilder();
        var first = TempStore.NewPath();
        builder.AddPoet(o => o.StorePath = first);
        builder.AddPoet(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));
        builder.RegisterType<Detector>().As<IDetector>().EnablePoet();
        using var container = builder.Build();

        container.Resolve<IDetector>().Login("a", "b");
        var found = await container.Resolve<IExecutionStore>().FindAsync(PoetContext.LastExecutionId!.Value);

        Assert.Multiple(() =>
        {
            Assert.That(found!.FunctionId, Is.EqualTo("IDetector.Login"));
            Assert.That(container.Resolve<PoetOptions>().StorePath, Is.EqualTo(first));
            Assert.That(container.Resolve<PoetOptions>().RetryBaseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        });
    }

    public interface IDetectorLite
    {
        [Poet]
        int Ping();
    }

    public sealed class MultiService : IGreeter, IDetectorLite
    {
        public string Greet(string name) => name;

        public int Ping() => 1;
    }

    public interface IBadLearnable
    {
        [Poet]
        int Run([Learnable(Min = 5, Max = 1)] double threshold = 2);
    }

    public sealed class BadLearnable : IBadLearnable
    {
        public int Run(double threshold = 2) => 0;
    }

    public interface IBadDomain
    {
        [Poet(Domain = "no_such_domain")]
        int Run();
    }

    public sealed class BadDomain : IBadDomain
    {
        public int Run() => 0;
    }
}

/// <summary>A second implementation of <see cref="IDetector"/>, for registrations that activate more than one type.</summary>
internal sealed class TripleDetector : IDetector
{
    public DriftReport Detect(double[] reference, double[] current, double threshold = 3.0) => new() { Threshold = threshold };

    public Task<double> ThresholdAsync(int window = 4, string apiKey = "") => Task.FromResult(3.0 * window);

    public int Login(string user, string password) => 3;

    public int NotPoet(int value) => value * 3;
}
