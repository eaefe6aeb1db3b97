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
}
