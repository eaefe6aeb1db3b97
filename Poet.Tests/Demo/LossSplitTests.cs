using DriftDetection.Bench;
using DriftDetection.Demo;
using DriftDetection.Detection;
using DriftDetection.Operator;
using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class LossSplitTests
{
    // 3000 samples (probation: the first 450), windows [1000, 1099] and [2000, 2099].
    private static readonly LabelledStream Stream = DemoStreams.WithSpikes("s", 3000, 1, (1050, 0), (2050, 0)) with
    {
        Windows = [new LabelWindow(1000, 1099), new LabelWindow(2000, 2099)],
    };

    [Test]
    public void EachLossLandsInThePartOfItsLabelTimingAndThePartsSumToTheOracleMinusThePass()
    {
        int[] oracle = [1000, 2000];
        int[] pass = [500, 600, 1500, 2090]; // two false alarms before the first label, one after; the first window missed, the second caught late

        var split = LossSplit.Of(Stream, oracle, pass, firstLabel: 700, firstIncidentLabel: 1200, NabProfile.Standard);

        var expected = NabScorer.Score(3000, Stream.Windows, oracle, NabProfile.Standard).Raw - NabScorer.Score(3000, Stream.Windows, pass, NabProfile.Standard).Raw;
        Assert.Multiple(() =>
        {
            Assert.That(split.FalseAlarmsBefore, Is.EqualTo(2 * NabProfile.Standard.FpWeight).Within(1e-9), "no window before them: each costs the full weight");
            Assert.That(split.FalseAlarmsAfter, Is.GreaterThan(0).And.LessThan(NabProfile.Standard.FpWeight + 1e-9));
            Assert.That(split.WindowsBeforeAnyLabel, Is.Zero, "no window began before the first label");
            Assert.That(split.WindowsBeforeIncidentLabel, Is.EqualTo(2).Within(1e-9), "the oracle caught it at its left edge (+1), the pass missed it (-1)");
            Assert.That(split.WindowsAfterIncidentLabel, Is.GreaterThan(0.5).And.LessThan(1), "caught near the right edge: most of the reward lost");
            Assert.That(split.Total, Is.EqualTo(expected).Within(1e-9));
        });
    }

    [Test]
    public void APassBetterThanTheOracleSomewhereShowsANegativePart()
    {
        var split = LossSplit.Of(Stream, [500, 1000, 2000], [1000, 2000], firstLabel: 400, firstIncidentLabel: 400, NabProfile.Standard);

        Assert.That(split.FalseAlarmsAfter, Is.EqualTo(-NabProfile.Standard.FpWeight).Within(1e-9));
    }

    [Test]
    public void AFirstIncidentLabelBeforeTheFirstLabelIsRefused() =>
        Assert.That(() => LossSplit.Of(Stream, [], [], firstLabel: 700, firstIncidentLabel: 600, NabProfile.Standard), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void TheCeilingRunsTheDefaultsUntilTheLabelAndTheOraclesAlertsFromThenOn()
    {
        var switched = LabelTiming.Switched([100, 900, 1500], [950, 1000, 2000], 1000);

        Assert.Multiple(() =>
        {
            Assert.That(switched, Is.EqualTo(new[] { 100, 900, 1000, 2000 }));
            Assert.That(LabelTiming.AfterFirstWindow(Stream), Is.EqualTo(1100), "the call after the one that scored the first window's end");
        });
    }

    [Test]
    public void TheFirstLabelIsWhereTheFirstMessageActsAndTheFirstIncidentLabelWhereTheFirstMessageAboutAWindowActs()
    {
        static FeedbackExchange Said(FeedbackKind kind, int sentAfter) =>
            new(new OperatorFeedback(kind, "id", sentAfter - 1, "text"), new LearningStep(null, DetectorValues.Defaults, DetectorValues.Defaults, kind.ToString(), "offline"), sentAfter);

        var run = new StreamRun(Stream, [], [], [], [Said(FeedbackKind.FalseAlarm, 600), Said(FeedbackKind.Missed, 1100), Said(FeedbackKind.Praise, 2100)], [new VersionPoint(1, DetectorValues.Defaults)]);
        var silent = run with { Exchanges = [] };

        Assert.Multiple(() =>
        {
            Assert.That(run.FirstLabelAt, Is.EqualTo(600));
            Assert.That(run.FirstIncidentLabelAt, Is.EqualTo(1100));
            Assert.That(silent.FirstLabelAt, Is.EqualTo(3000), "no message: no label during the stream");
            Assert.That(silent.FirstIncidentLabelAt, Is.EqualTo(3000));
            Assert.That(StreamChunks.ChunkSize, Is.EqualTo(100), "the fixtures' call boundaries");
        });
    }
}
