using DriftDetection.Detection;
using DriftDetection.Operator;
using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class OperatorSimulatorTests
{
    [Test]
    public void ComplainsAboutAFalseAlarmOnTheExecutionThatRaisedIt()
    {
        var stream = DemoStreams.WithSpikes("s", 1000, 1, (700, 20));
        var scored = Scored(stream, alerts: [200, 700]);
        var simulator = new OperatorSimulator(stream, budget: 5);

        var feedback = simulator.Next(scored);

        Assert.That(feedback, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(feedback!.Kind, Is.EqualTo(FeedbackKind.FalseAlarm));
            Assert.That(feedback.Index, Is.EqualTo(200));
            Assert.That(feedback.ExecutionId, Is.EqualTo(scored.ChunkAt(200).ExecutionId));
            Assert.That(feedback.Message, Does.Contain("2024-01-01"));
        });
    }

    [Test]
    public void SaysYouMissedThisOnTheExecutionCoveringAMissedWindow()
    {
        var stream = DemoStreams.WithSpikes("s", 1000, 1, (700, 20));
        var scored = Scored(stream, alerts: []);

        var feedback = new OperatorSimulator(stream, budget: 5).Next(scored);

        Assert.That(feedback!.Kind, Is.EqualTo(FeedbackKind.Missed));
        Assert.That(feedback.ExecutionId, Is.EqualTo(scored.ChunkAt(700).ExecutionId));
    }

    [Test]
    public void PrefersTheComplaintThatRaisesF1More()
    {
        // One hit, one miss, one false alarm: catching the miss helps F1 more than silencing one false alarm.
        Assert.That(OperatorSimulator.MostHelpfulComplaint(new EventScore(Windows: 2, Hits: 1, FalseAlarms: 1)), Is.EqualTo(FeedbackKind.Missed));

        // Everything caught, lots of noise: complain about the noise.
        Assert.That(OperatorSimulator.MostHelpfulComplaint(new EventScore(Windows: 2, Hits: 2, FalseAlarms: 9)), Is.EqualTo(FeedbackKind.FalseAlarm));
        Assert.That(OperatorSimulator.MostHelpfulComplaint(new EventScore(Windows: 1, Hits: 1, FalseAlarms: 0)), Is.Null);
    }

    [Test]
    public void WalksThroughTheFalseAlarmsInsteadOfRepeatingTheFirst()
    {
        var stream = DemoStreams.WithSpikes("s", 1500, 1, (1200, 20));
        var scored = Scored(stream, alerts: [100, 400, 900, 1200]);
        var simulator = new OperatorSimulator(stream, budget: 4);

        var indices = Enumerable.Range(0, 4).Select(_ => simulator.Next(scored)!.Index).ToList();

        Assert.That(indices, Is.EqualTo(new[] { 100, 400, 900, 100 }));
    }

    [Test]
    public void UsesVariedWordsForRepeatedComplaints()
    {
        var stream = DemoStreams.WithSpikes("s", 1500, 1, (1200, 20));
        var scored = Scored(stream, alerts: [100, 400, 900, 1200]);
        var simulator = new OperatorSimulator(stream, budget: 3);

        var messages = Enumerable.Range(0, 3).Select(_ => simulator.Next(scored)!.Message).ToList();

        Assert.That(messages, Is.Unique);
    }

    [Test]
    public void NeverExceedsTheBudget()
    {
        var stream = DemoStreams.WithSpikes("s", 1000, 1, (700, 20));
        var scored = Scored(stream, alerts: [100, 300, 500]);
        var simulator = new OperatorSimulator(stream, budget: 2);

        Assert.That(simulator.Next(scored), Is.Not.Null);
        Assert.That(simulator.Next(scored), Is.Not.Null);
        Assert.That(simulator.Next(scored), Is.Null);
        Assert.That(simulator.Sent, Is.EqualTo(2));
    }

    [Test]
    public void PraisesOnceAndStopsWhenThereIsNothingToComplainAbout()
    {
        var stream = DemoStreams.WithSpikes("s", 1000, 1, (700, 20));
        var scored = Scored(stream, alerts: [700]);
        var simulator = new OperatorSimulator(stream, budget: 5);

        var praise = simulator.Next(scored);

        Assert.That(praise!.Kind, Is.EqualTo(FeedbackKind.Praise));
        Assert.That(praise.Index, Is.EqualTo(700));
        Assert.That(simulator.Next(scored), Is.Null);
    }

    [Test]
    public void AcceptsTheRemainingNoiseOnceSilencingItCostARealIncident()
    {
        var stream = DemoStreams.WithSpikes("s", 1000, 1, (700, 20));
        var simulator = new OperatorSimulator(stream, budget: 10);

        Assert.That(simulator.Next(Scored(stream, alerts: [100, 700]))!.Kind, Is.EqualTo(FeedbackKind.FalseAlarm));
        Assert.That(simulator.Next(Scored(stream, alerts: []))!.Kind, Is.EqualTo(FeedbackKind.Missed));
        Assert.That(simulator.Next(Scored(stream, alerts: [100, 700]))!.Kind, Is.EqualTo(FeedbackKind.Praise));
        Assert.That(simulator.Next(Scored(stream, alerts: [100, 700])), Is.Null);
    }

    private static ScoredStream Scored(LabelledStream stream, int[] alerts)
    {
        var chunks = StreamChunks.Of(stream.Values.Length).Select(slice => new ScoredChunk(
            ExecutionId.New().Value,
            new AnomalyReport
            {
                Start = slice.Start,
                Count = slice.End - slice.Start,
                Threshold = 3,
                Alerts = [.. alerts.Where(a => a >= slice.Start && a < slice.End).Select(a => new AnomalyAlert(a, 5))],
                PeakIndex = slice.Start,
                PeakScore = 1,
            })).ToList();
        return new ScoredStream(1, 3, chunks);
    }
}
