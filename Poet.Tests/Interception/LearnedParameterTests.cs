using Autofac;

namespace Poet.Tests.Interception;

public sealed class LearnedParameterTests
{
    [Test]
    public void A_learnable_parameter_receives_version_1s_declared_default_whatever_the_caller_passes()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);

        var report = container.Resolve<IDetector>().Detect([1, 2], [1, 2], threshold: 9.5);

        var record = recorder.Single("IDetector.Detect");
        Assert.Multiple(() =>
        {
            Assert.That(report.Threshold, Is.EqualTo(3.0));
            Assert.That(record.Version, Is.EqualTo(1));
            Assert.That(record.LearnedParameters["threshold"], Is.EqualTo(3.0));
            Assert.That(record.Arguments["threshold"], Is.EqualTo(3.0));
        });
    }

    [Test]
    public async Task The_next_call_runs_with_the_current_versions_learned_value()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);
        var detector = container.Resolve<IDetector>();
        detector.Detect([1], [1]);

        var store = container.Resolve<IFunctionStore>();
        await store.AppendVersionAsync("IDetector.Detect", v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 3.6 } });
        var report = detector.Detect([1], [1]);

        Assert.Multiple(() =>
        {
            Assert.That(report.Threshold, Is.EqualTo(3.6));
            Assert.That(recorder.Records.Last().Version, Is.EqualTo(2));
            Assert.That(recorder.Records.Last().LearnedParameters["threshold"], Is.EqualTo(3.6));
        });
    }

    [Test]
    public async Task Learned_values_are_clamped_to_bounds_and_converted_to_the_parameter_type()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet());
        var detector = container.Resolve<IDetector>();
        Assert.That(await detector.ThresholdAsync(window: 1), Is.EqualTo(4));

        await container.Resolve<IFunctionStore>().AppendVersionAsync(
            "IDetector.ThresholdAsync", v => v with { Parameters = new Dictionary<string, double> { ["window"] = 42.7 } });

        Assert.That(await detector.ThresholdAsync(), Is.EqualTo(9));
    }

    [Test]
    public void The_function_is_registered_with_its_plan_on_first_use()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet());
        container.Resolve<IDetector>().Detect([1], [1]);

        var store = container.Resolve<IFunctionStore>();
        var plan = store.GetPlan("IDetector.Detect", 1)!;
        Assert.Multiple(() =>
        {
            Assert.That(plan.Domain, Is.EqualTo("ml_monitoring"));
            Assert.That(plan.OptimizeFor, Is.EqualTo("accuracy"));
            Assert.That(plan.Learnable.Single().Name, Is.EqualTo("threshold"));
            Assert.That(plan.Learnable.Single().Default, Is.EqualTo(3.0));
            Assert.That(plan.PerceiveRules, Does.Contain("reference: not-null").And.Contain("current: finite-series"));
            Assert.That(plan.EnforceRules, Does.Contain("result: finite-score"));
            Assert.That(plan.Signature, Does.Contain("Detect(Double[] reference"));
        });
    }

    [Test]
    public void A_failing_catalog_falls_back_to_declared_defaults_and_the_call_succeeds()
    {
        var catalog = new Moq.Mock<IFunctionCatalog>();
        catalog.Setup(c => c.Register(Moq.It.IsAny<FunctionPlan>())).Throws(new IOException("store offline"));
        catalog.Setup(c => c.GetCurrent(Moq.It.IsAny<string>())).Throws(new IOException("store offline"));
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(
            b =>
            {
                b.RegisterInstance(catalog.Object).As<IFunctionCatalog>();
                b.RegisterType<Detector>().As<IDetector>().EnablePoet();
            },
            recorder: recorder);

        var report = container.Resolve<IDetector>().Detect([1], [1]);

        Assert.Multiple(() =>
        {
            Assert.That(report.Threshold, Is.EqualTo(3.0));
            Assert.That(recorder.Single("IDetector.Detect").Version, Is.EqualTo(1));
        });
    }
}
