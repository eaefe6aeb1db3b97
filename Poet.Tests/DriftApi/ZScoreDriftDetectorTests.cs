using DriftApi.Detection;

namespace Poet.Tests.DriftApi;

[TestFixture]
public sealed class ZScoreDriftDetectorTests
{
    private readonly ZScoreDriftDetector _detector = new();

    [Test]
    public void A_shifted_mean_is_drift_and_a_stable_one_is_not()
    {
        double[] reference = [1, 2, 3, 2, 1, 2, 3];

        Assert.That(_detector.Detect(reference, [9, 10, 11]).IsDrift, Is.True);
        Assert.That(_detector.Detect(reference, [2, 2.1, 1.9]).IsDrift, Is.False);
    }

    [Test]
    public void The_threshold_decides()
    {
        double[] reference = [0, 2, 0, 2];           // mean 1, sd ~1.155
        double[] current = [3.5];                    // score ~2.17
        Assert.That(_detector.Detect(reference, current, threshold: 2.0).IsDrift, Is.True);
        Assert.That(_detector.Detect(reference, current, threshold: 3.0).IsDrift, Is.False);
    }

    [Test]
    public void A_constant_reference_keeps_the_score_finite()
    {
        var report = _detector.Detect([5, 5, 5], [6]);
        Assert.That(double.IsFinite(report.Score), Is.True);
        Assert.That(report.IsDrift, Is.True);
        Assert.That(_detector.Detect([5, 5, 5], [5]).Score, Is.Zero);
    }

    [Test]
    public void Too_short_windows_are_rejected_with_the_parameter_name()
    {
        Assert.That(() => _detector.Detect([1], [1]), Throws.ArgumentException.With.Property("ParamName").EqualTo("reference"));
        Assert.That(() => _detector.Detect([1, 2], []), Throws.ArgumentException.With.Property("ParamName").EqualTo("current"));
    }
}
