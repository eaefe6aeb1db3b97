using DriftDetection.Scoring;
using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class EventF1Tests
{
    private static readonly LabelWindow[] TwoWindows = [new(100, 120), new(300, 320)];

    [Test]
    public void AWindowWithAnyAlertIsOneHitHoweverManyAlertsItHas()
    {
        var score = EventF1.Score([101, 105, 110, 119], TwoWindows);

        Assert.Multiple(() =>
        {
            Assert.That(score.Hits, Is.EqualTo(1));
            Assert.That(score.Misses, Is.EqualTo(1));
            Assert.That(score.FalseAlarms, Is.Zero);
            Assert.That(score.Precision, Is.EqualTo(1));
            Assert.That(score.Recall, Is.EqualTo(0.5));
            Assert.That(score.F1, Is.EqualTo(2 * 1 * 0.5 / 1.5).Within(1e-12));
        });
    }

    [Test]
    public void AlertsOutsideWindowsWithinTenSamplesOfEachOtherCountAsOneFalseAlarm()
    {
        // 10, 20, 30 chain within 10 of each other: one event; 41 is 11 after 30: a second event; 200 a third.
        var score = EventF1.Score([10, 20, 30, 41, 200, 305], TwoWindows);

        Assert.Multiple(() =>
        {
            Assert.That(score.FalseAlarms, Is.EqualTo(3));
            Assert.That(score.Hits, Is.EqualTo(1));
            Assert.That(score.Precision, Is.EqualTo(0.25));
            Assert.That(score.Recall, Is.EqualTo(0.5));
            Assert.That(score.F1, Is.EqualTo(2 * 0.25 * 0.5 / 0.75).Within(1e-12));
        });
    }

    [Test]
    public void FalseAlarmEventsReportTheirFirstAndLastAlert()
    {
        var events = EventF1.FalseAlarms([45, 10, 20, 110, 30], TwoWindows);

        Assert.That(events, Is.EqualTo(new[] { new FalseAlarmEvent(10, 30, 3), new FalseAlarmEvent(45, 45, 1) }));
    }

    [Test]
    public void WindowBoundariesAreInclusive()
    {
        var score = EventF1.Score([100, 320], TwoWindows);

        Assert.That(score.Hits, Is.EqualTo(2));
        Assert.That(score.F1, Is.EqualTo(1));
    }

    [Test]
    public void NoAlertsOnAStreamWithWindowsScoresZero()
    {
        var score = EventF1.Score([], TwoWindows);

        Assert.That(score.Recall, Is.Zero);
        Assert.That(score.F1, Is.Zero);
    }

    [Test]
    public void AQuietStreamWithoutWindowsIsPerfectAndAnyFalseAlarmMakesItZero()
    {
        Assert.That(EventF1.Score([], []).F1, Is.EqualTo(1));
        Assert.That(EventF1.Score([5, 9], []).F1, Is.Zero);
    }
}
