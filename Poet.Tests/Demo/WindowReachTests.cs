using DriftDetection.Bench;
using DriftDetection.Demo;
using DriftDetection.Detection;
using DriftDetection.Operator;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class WindowReachTests
{
    [Test]
    public void AOneSampleFalseAlarmLeavesEveryPersistenceAtWhichTheWindowsRunStaysAboveSomeThreshold()
    {
        var scores = new double[500];
        scores[150] = 4.0; // the false alarm: one sample, in the call [100, 200)
        scores[340] = scores[341] = scores[342] = 2.5; // the window: three samples

        var reach = WindowReach.Persistences(scores, new LabelWindow(300, 399), [100], cooldown: 0);

        Assert.That(reach, Is.EqualTo(new[] { 2, 3 }), "persistence 1 needs a threshold of 4 or more, which the window's 2.5 stays under; from 4 on the window's run is too short");
    }

    [Test]
    public void AWindowNoThresholdWithinTheBoundsCanCatchIsOutOfReachEvenWithoutFalseAlarms()
    {
        var scores = new double[500];
        scores[340] = 0.8; // below the lowest threshold, 1

        Assert.That(WindowReach.Persistences(scores, new LabelWindow(300, 399), [], cooldown: 0), Is.Empty);
    }

    [Test]
    public void AFalseAlarmAboveTheHighestThresholdCannotBeSilencedByTheThresholdAlone()
    {
        var scores = new double[500];
        scores[150] = 25; // above the highest threshold, 20
        scores[340] = 30;

        Assert.That(WindowReach.Persistences(scores, new LabelWindow(300, 399), [100], cooldown: 0), Is.Empty,
            "at persistence 1 no threshold silences the false alarm; at 2 and more the window's one sample never alerts");
    }

    [Test]
    public void OnlyTheWindowsBetweenTheFirstLabelAndTheFirstIncidentLabelAreJudgedWithTheFalseAlarmsHeardBeforeThem()
    {
        // Windows [1035, 1065] and [2035, 2065]; a false alarm answered after the call [500, 600), a miss after [1000, 1100).
        var stream = DemoStreams.WithSpikes("reach", 3000, 3, (1050, 12), (2050, 12));
        FeedbackExchange Said(FeedbackKind kind, int index, int sentAfter) =>
            new(new OperatorFeedback(kind, "id", index, "text"), new LearningStep(null, DetectorValues.Defaults, DetectorValues.Defaults, kind.ToString(), "offline"), sentAfter);
        var run = new StreamRun(stream, [], [], [], [Said(FeedbackKind.FalseAlarm, 550, 600), Said(FeedbackKind.Missed, 1050, 1100)], [new VersionPoint(1, DetectorValues.Defaults)]);

        var reach = WindowReach.Of(run, cooldown: 0, ScoreShape.Default);

        Assert.Multiple(() =>
        {
            Assert.That(reach.Select(r => r.Window), Is.EqualTo(new[] { stream.Windows[0] }), "the second window began after the first message about a window");
            Assert.That(reach[0].FalseAlarms, Is.EqualTo(1));
            Assert.That(reach[0].CaughtOnline, Is.False, "the online pass raised no alert");
            Assert.That(reach[0].PastFalseAlarms, Does.Contain(1), "the labelled spike stands far above the seasonal noise of the false alarm's call");
            Assert.That(reach[0].PastEveryCall, Is.SubsetOf(reach[0].PastFalseAlarms), "keeping every earlier call silent is the stricter condition");
        });
    }
}
