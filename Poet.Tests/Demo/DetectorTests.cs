using DriftDetection.Detection;
using DriftDetection.Sessions;

namespace Poet.Tests.Demo;

public class DetectorTests
{
    [Test]
    public void ScoringChunkByChunkWithContextMatchesScoringTheWholeStream()
    {
        var values = DemoStreams.WithSpikes("s", 1700, 9, (800, 10)).Values;
        var whole = RollingZScore.ScoreAll(values);
        var detector = new RollingZScoreDetector();

        var alerts = StreamChunks.Of(values.Length)
            .SelectMany(slice => detector.Detect(slice.Values(values), slice.ScoreFrom, slice.ContextStart, 2.5).Alerts)
            .Select(a => a.Index)
            .ToList();

        Assert.That(alerts, Is.EqualTo(AlertRule.Alerts(whole, 2.5, 1, DetectorDefaults.Cooldown)));
    }

    [Test]
    public void FlatHistoryScoresZeroForNoChangeAndTheCapForAnyChange()
    {
        var values = Enumerable.Repeat(5.0, RollingZScore.WindowSize + 1).Append(6.0).ToArray();

        Assert.That(RollingZScore.ScoreAt(values, RollingZScore.WindowSize), Is.Zero);
        Assert.That(RollingZScore.ScoreAt(values, RollingZScore.WindowSize + 1), Is.EqualTo(RollingZScore.MaxScore));
    }

    [Test]
    public void NothingScoresBeforeAFullBaselineWindow()
    {
        var values = Enumerable.Repeat(5.0, RollingZScore.WindowSize - 1).Append(50.0).ToArray();

        Assert.That(RollingZScore.ScoreAt(values, RollingZScore.WindowSize - 1), Is.Zero);
    }

    [Test]
    public void ReportCarriesTheThresholdItRanWithAndItsClosestCall()
    {
        var values = DemoStreams.WithSpikes("s", 600, 2, (400, 10)).Values;

        var report = new RollingZScoreDetector().Detect(values, 0, 1000, threshold: 50);

        Assert.Multiple(() =>
        {
            Assert.That(report.Threshold, Is.EqualTo(50));
            Assert.That(report.Alerts, Is.Empty);
            Assert.That(report.PeakIndex, Is.EqualTo(1400));
            Assert.That(report.Start, Is.EqualTo(1000));
        });
    }
}
