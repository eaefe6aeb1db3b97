using DriftDetection.Detection;
using DriftDetection.Sessions;

namespace Poet.Tests.Demo;

public class CooldownTests
{
    // Triggers (persistence 1) at 2, 5, 20 and 26.
    private static readonly double[] Scores = [0, 0, 9, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 9, 0];

    [Test]
    public void TriggerWithinTheCooldownOfAnotherDoesNotAlert()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AlertRule.Alerts(Scores, 3, 1, 0), Is.EqualTo(new[] { 2, 5, 20, 26 }));
            Assert.That(AlertRule.Alerts(Scores, 3, 1, 3), Is.EqualTo(new[] { 2, 20, 26 }));
            Assert.That(AlertRule.Alerts(Scores, 3, 1, 6), Is.EqualTo(new[] { 2, 20 }));
            Assert.That(AlertRule.Alerts(Scores, 3, 1, 2), Is.EqualTo(new[] { 2, 5, 20, 26 }));
        });
    }

    [Test]
    public void CooldownCountsFromSuppressedTriggersToo()
    {
        // 5 is suppressed by 2 and itself suppresses 8: the cooldown runs from every trigger.
        double[] scores = [0, 0, 9, 0, 0, 9, 0, 0, 9, 0, 0, 0, 0];

        Assert.That(AlertRule.Alerts(scores, 3, 1, 3), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void ClosestCallAndRunLengthAccountForTheCooldown()
    {
        // Scored part from 4: the trigger at 5 lies within a cooldown of 3 after the context's trigger at 2.
        double[] scores = [0, 0, 9, 0, 0, 7, 0, 0, 0, 4, 0];

        Assert.Multiple(() =>
        {
            Assert.That(AlertRule.PersistentPeak(scores, 1, 0, from: 4), Is.EqualTo((7.0, 5)));
            Assert.That(AlertRule.PersistentPeak(scores, 1, 3, from: 4), Is.EqualTo((4.0, 9)));
            Assert.That(AlertRule.Fires(scores, Math.BitDecrement(4.0), 1, 3, from: 4), Is.True);
            Assert.That(AlertRule.LongestRun(scores, 5, 0, from: 4), Is.EqualTo(1));
            Assert.That(AlertRule.LongestRun(scores, 5, 3, from: 4), Is.Zero);
        });
    }

    [TestCase(0)]
    [TestCase(40)]
    [TestCase(DetectorDefaults.MaxCooldown)]
    public void ScoringChunkByChunkWithACooldownMatchesTheWholeStream(int cooldown)
    {
        var values = DemoStreams.WithSpikesAndNoise("s", 1700, 9, (800, 10), (1300, 8)).Values;
        var whole = RollingZScore.ScoreAll(values);
        var detector = new RollingZScoreDetector(cooldown);

        var alerts = StreamChunks.Of(values.Length)
            .SelectMany(slice => detector.Detect(slice.Values(values), slice.ScoreFrom, slice.ContextStart, 2.5, 2).Alerts)
            .Select(a => a.Index)
            .ToList();

        Assert.That(alerts, Is.EqualTo(AlertRule.Alerts(whole, 2.5, 2, cooldown)));
    }

    [Test]
    public void CooldownOutsideItsBoundsIsRejectedWithTheBounds()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RollingZScoreDetector(DetectorDefaults.MaxCooldown + 1));

        Assert.That(error!.Message, Does.Contain($"0..{DetectorDefaults.MaxCooldown}"));
    }

    [Test]
    public void GapIsTheCooldownBelowWhichTheCallAlerts()
    {
        // Scored part from 4: triggers at 5 (3 after the context's trigger at 2) and 9 (4 after 5).
        double[] scores = [0, 0, 9, 0, 0, 7, 0, 0, 0, 4, 0];
        var gap = AlertRule.Gap(scores, 3, 1, 240, from: 4);

        Assert.Multiple(() =>
        {
            Assert.That(gap, Is.EqualTo(4));
            Assert.That(AlertRule.Fires(scores, 3, 1, gap - 1, from: 4), Is.True);
            Assert.That(AlertRule.Fires(scores, 3, 1, gap, from: 4), Is.False);
            Assert.That(AlertRule.Gap(scores, 8, 1, 240, from: 4), Is.Zero, "no trigger in the scored part");
            Assert.That(AlertRule.Gap(scores, 8, 1, 240), Is.EqualTo(241), "no trigger before it within reach");
        });
    }

    [Test]
    public void TheCooldownDetectorRunsWithTheCooldownPoetSuppliesAndReportsItsGap()
    {
        var values = DemoStreams.WithSpikes("s", 700, 3, (400, 10), (430, 10)).Values;
        ICooldownDetector detector = new RollingZScoreDetector();

        var echoSuppressed = detector.Detect(values, 420, 0, threshold: 4, persistence: 1, cooldown: 40);
        var echoAlerts = detector.Detect(values, 420, 0, threshold: 4, persistence: 1, cooldown: 0);

        Assert.Multiple(() =>
        {
            Assert.That(echoSuppressed.Alerts, Is.Empty);
            Assert.That(echoSuppressed.Cooldown, Is.EqualTo(40));
            Assert.That(echoAlerts.Alerts.Select(a => a.Index), Does.Contain(430));
            Assert.That(echoSuppressed.Gap, Is.EqualTo(echoAlerts.Gap).And.GreaterThan(0).And.LessThanOrEqualTo(40), "the gap does not depend on the cooldown");
        });
    }
}
