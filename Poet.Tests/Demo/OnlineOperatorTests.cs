using DriftDetection.Detection;
using DriftDetection.Operator;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class OnlineOperatorTests
{
    // One labelled window: samples 685..715 (a spike at 700).
    private static readonly LabelledStream Stream = DemoStreams.WithSpikes("s", 1000, 1, (700, 20));

    [Test]
    public void PraisesTheFirstAlertInsideAWindowOnce()
    {
        var op = new OnlineOperator(Stream, budget: 20);
        var calls = new List<ScoredChunk>();

        var first = Observe(op, calls, 600, alerts: [690]);
        var again = Observe(op, calls, 700, alerts: [705]);

        Assert.That(first!.Kind, Is.EqualTo(FeedbackKind.Praise));
        Assert.That(first.Index, Is.EqualTo(690));
        Assert.That(again, Is.Null, "the window was already caught");
    }

    [Test]
    public void ReportsAMissedWindowRightAfterTheCallThatCoveredItsCentreBeforeTheWindowEnds()
    {
        // A wide window, 500..900 (centre 700): the operator does not wait for its end.
        var wide = Stream with { Windows = [new LabelWindow(500, 900)] };
        var op = new OnlineOperator(wide, budget: 20);
        var calls = new List<ScoredChunk>();

        Assert.That(Observe(op, calls, 600, alerts: []), Is.Null, "the anomaly at the centre has not happened yet");
        var missed = Observe(op, calls, 700, alerts: []);

        Assert.That(missed!.Kind, Is.EqualTo(FeedbackKind.Missed));
        Assert.That(missed.Index, Is.EqualTo(700));
        Assert.That(missed.ExecutionId, Is.EqualTo(calls[^1].ExecutionId));
        Assert.That(Observe(op, calls, 800, alerts: [850])!.Kind, Is.EqualTo(FeedbackKind.Praise), "a later alert in the window is still a catch");
    }

    [Test]
    public void ReportsAMissedWindowOnceAboutTheCallThatCoveredItsCentre()
    {
        var op = new OnlineOperator(Stream, budget: 20);
        var calls = new List<ScoredChunk>();

        Assert.That(Observe(op, calls, 600, alerts: []), Is.Null, "the window has not ended yet");
        var missed = Observe(op, calls, 700, alerts: []);

        Assert.That(missed!.Kind, Is.EqualTo(FeedbackKind.Missed));
        Assert.That(missed.Index, Is.EqualTo(700));
        Assert.That(missed.ExecutionId, Is.EqualTo(calls[^1].ExecutionId));
        Assert.That(Observe(op, calls, 800, alerts: []), Is.Null, "reported once");
    }

    [Test]
    public void ComplainsAboutFalseAlarmsUntilOnlyTheMessagesKeptForIncidentsAreLeft()
    {
        var op = new OnlineOperator(Stream, budget: OnlineOperator.ReservedForIncidents + 2);
        var calls = new List<ScoredChunk>();

        var said = new[] { 0, 100, 200, 300 }.Select(start => Observe(op, calls, start, alerts: [start + 50])).ToList();

        Assert.That(said.Select(s => s?.Kind), Is.EqualTo(new FeedbackKind?[] { FeedbackKind.FalseAlarm, FeedbackKind.FalseAlarm, null, null }));
        Assert.That(Observe(op, calls, 600, alerts: [690])!.Kind, Is.EqualTo(FeedbackKind.Praise), "incidents still get a message");
    }

    [Test]
    public void SaysNothingAboutAFalseAlarmInACallThatAlsoCaughtAWindow()
    {
        var op = new OnlineOperator(Stream, budget: 20);
        var calls = new List<ScoredChunk>();
        Observe(op, calls, 600, alerts: [690]); // praise

        Assert.That(Observe(op, calls, 700, alerts: [705, 750]), Is.Null);
    }

    private static OperatorFeedback? Observe(OnlineOperator op, List<ScoredChunk> calls, int start, int[] alerts, double score = 5)
    {
        var call = new ScoredChunk(ExecutionId.New().Value, new AnomalyReport
        {
            Start = start,
            Count = 100,
            Threshold = 3,
            Alerts = [.. alerts.Select(a => new AnomalyAlert(a, score))],
            Score = score,
            PeakIndex = start,
        });
        calls.Add(call);
        return op.Observe(calls, call);
    }
}
