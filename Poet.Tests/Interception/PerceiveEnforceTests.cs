using Autofac;

namespace Poet.Tests.Interception;

public sealed class PerceiveEnforceTests
{
    private CapturingRecorder _recorder = null!;
    private IContainer _container = null!;
    private Rules _rules = null!;

    [SetUp]
    public void SetUp()
    {
        _recorder = new CapturingRecorder();
        _rules = new Rules();
        _container = PoetTestHost.Build(b => b.RegisterInstance(_rules).As<IRules>().EnablePoet(), recorder: _recorder);
    }

    [TearDown]
    public void TearDown() => _container.Dispose();

    private IRules Rules => _container.Resolve<IRules>();

    [Test]
    public void Null_for_a_non_nullable_reference_parameter_is_rejected_before_the_call_and_never_retried()
    {
        var ex = Assert.Throws<PoetValidationException>(() => Rules.Length(null!));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ParamName, Is.EqualTo("text"));
            Assert.That(ex.Rule, Is.EqualTo("not-null"));
            Assert.That(ex.Message, Does.Contain("IRules.Length").And.Contain("String?"));
            Assert.That(_rules.Calls, Is.Zero);
            Assert.That(_recorder.Single("IRules.Length").Outcome, Is.EqualTo(ExecutionOutcome.Rejected));
        });
    }

    [Test]
    public void Null_for_a_nullable_parameter_is_accepted()
    {
        Assert.That(Rules.Optional(null), Is.EqualTo(-1));
    }

    [Test]
    public void DataAnnotations_on_parameters_are_enforced()
    {
        var range = Assert.Throws<PoetValidationException>(() => Rules.Annotated(11, "abc"));
        var required = Assert.Throws<PoetValidationException>(() => Rules.Annotated(1, ""));
        var length = Assert.Throws<PoetValidationException>(() => Rules.Annotated(1, "toolong"));

        Assert.Multiple(() =>
        {
            Assert.That((range!.ParamName, range.Rule), Is.EqualTo(("count", "range")));
            Assert.That((required!.ParamName, required.Rule), Is.EqualTo(("code", "required")));
            Assert.That((length!.ParamName, length.Rule), Is.EqualTo(("code", "string-length")));
            Assert.That(_rules.Calls, Is.Zero);
            Assert.That(Rules.Annotated(5, "abc"), Is.EqualTo(5));
        });
    }

    [Test]
    public void DataAnnotations_on_argument_objects_are_enforced()
    {
        var ex = Assert.Throws<PoetValidationException>(() => Rules.Place(new Order { Customer = null, Quantity = 500 }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Rule, Is.EqualTo("data-annotations"));
            Assert.That(ex.Message, Does.Contain("Customer").And.Contain("Quantity"));
            Assert.That(Rules.Place(new Order { Customer = "ann", Quantity = 2 }), Is.EqualTo(2));
        });
    }

    [TestCase(new double[0], "empty")]
    [TestCase(new[] { 1.0, double.NaN }, "NaN")]
    [TestCase(new[] { double.PositiveInfinity }, "Infinity")]
    public void Ml_monitoring_series_must_be_non_empty_and_finite(double[] series, string detail)
    {
        var ex = Assert.Throws<PoetValidationException>(() => Rules.Mean(series));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Rule, Is.EqualTo("finite-series"));
            Assert.That(ex.ParamName, Is.EqualTo("series"));
            Assert.That(ex.Message, Does.Contain(detail));
            Assert.That(_rules.Calls, Is.Zero);
        });
    }

    [Test]
    public void Async_validation_failures_come_back_in_the_task()
    {
        var task = Rules.MeanAsync([double.NaN]);

        Assert.That(task.IsFaulted, Is.True);
        Assert.ThrowsAsync<PoetValidationException>(() => task);
    }

    [Test]
    public void Result_DataAnnotations_are_enforced_and_not_retried()
    {
        var ex = Assert.Throws<PoetEnforcementException>(() => Rules.Rate(confidence: 3));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("IRules.Rate").And.Contain("Confidence"));
            Assert.That(_rules.Calls, Is.EqualTo(1));
            Assert.That(_recorder.Single("IRules.Rate").Outcome, Is.EqualTo(ExecutionOutcome.EnforcementFailed));
            Assert.That(Rules.Rate(confidence: 0.5).Confidence, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Ml_monitoring_scores_must_be_finite()
    {
        var ex = Assert.Throws<PoetEnforcementException>(() => Rules.Detect(double.NaN));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("finite-score"));
            Assert.That(_rules.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public void Async_results_implementing_IValidatableObject_are_enforced()
    {
        Assert.ThrowsAsync<PoetEnforcementException>(() => Rules.RangeAsync(5, 1));
        Assert.DoesNotThrowAsync(() => Rules.RangeAsync(1, 5));
    }
}
