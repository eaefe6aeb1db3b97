using DriftDetection.Bench;
using DriftDetection.Demo;
using DriftDetection.Detection;
using DriftDetection.Operator;
using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class DemoEndToEndTests
{
    private static readonly string[] ShippedSmallStreams = ["speed_7578", "iio_us-east-1_i-a2eb1cd9_NetworkIn"];

    [Test]
    public async Task FeedbackOnTwoShippedStreamsLeavesF1AtLeastAsGoodAsTheDefaults()
    {
        var streams = NabStreamLoader.Load(NabStreamLoader.DefaultDataPath, ShippedSmallStreams);
        Assert.That(streams, Has.Count.EqualTo(2), "the NAB subset is copied next to the demo's binaries");
        var runner = new DemoRunner(s => DetectorSessions.Create(StorePath(), s.Id, useLlm: false), feedbackBudget: 20);

        foreach (var stream in streams)
        {
            var run = await runner.RunAsync(stream);

            Assert.That(run.After.F1, Is.GreaterThanOrEqualTo(run.Before.F1), stream.Id);
            Assert.That(run.Exchanges, Has.Count.InRange(1, 20), stream.Id);
            Assert.That(run.VersionsWritten, Is.EqualTo(run.Exchanges.Count(e => e.Step.NewVersion is not null)), stream.Id);
        }
    }

    [Test]
    public async Task OnANoisySyntheticStreamComplaintsMakeTheDetectorStricterAndTheLearnedValuesImproveF1AndTheNabScore()
    {
        var stream = DemoStreams.WithSpikesAndNoise("noisy", 2000, 7, (500, 15), (1500, 15));
        var runner = new DemoRunner(s => DetectorSessions.Create(StorePath(), s.Id, useLlm: false), feedbackBudget: 20);

        var run = await runner.RunAsync(stream);

        Assert.Multiple(() =>
        {
            Assert.That(run.After.F1, Is.GreaterThan(run.Before.F1));
            Assert.That(run.Learned.Threshold > run.Path[0].Values.Threshold || run.Learned.Persistence > run.Path[0].Values.Persistence, Is.True, run.Learned.ToString());
            // Learned values, not the online pass: the first complaint (a one-sample bump) is cheapest to silence as persistence 2
            // (one step, against over 2.5 steps of threshold), which misses the first one-sample spike online; the miss then
            // teaches the threshold, and the learned values catch both spikes without the bumps.
            Assert.That(run.Nab(NabProfile.Standard).Frozen.Raw, Is.GreaterThan(run.Nab(NabProfile.Standard).Defaults.Raw));
            Assert.That(run.Exchanges.Select(e => e.Feedback.Kind), Does.Contain(FeedbackKind.FalseAlarm));
        });
    }

    [Test]
    public async Task WithTheThresholdAloneLearnedThePersistenceStaysAtOne()
    {
        var stream = DemoStreams.WithSpikesAndNoise("noisy", 2000, 7, (500, 15), (1500, 15));
        var runner = new DemoRunner(s => DetectorSessions.Create(StorePath(), s.Id, useLlm: false, DriftDetection.Detection.Learnables.Threshold), feedbackBudget: 20);

        var run = await runner.RunAsync(stream);

        Assert.Multiple(() =>
        {
            Assert.That(run.VersionsWritten, Is.GreaterThan(0));
            Assert.That(run.Path.Select(p => p.Values.Persistence), Is.All.EqualTo(1));
            Assert.That(run.Learned.Threshold, Is.GreaterThan(run.Path[0].Values.Threshold));
        });
    }

    [Test]
    public void TheLearnAndCooldownOptionsChooseWhatIsLearnedAndRejectAnythingElse()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DriftDetection.Cli.DemoOptions.Parse(["--learn", "threshold"]).Learn, Is.EqualTo(DriftDetection.Detection.Learnables.Threshold));
            Assert.That(DriftDetection.Cli.DemoOptions.Parse([]).Learn, Is.EqualTo(DriftDetection.Detection.Learnables.ThresholdAndPersistence));
            Assert.That(DriftDetection.Cli.DemoOptions.Parse(["--learn", "all"]).Learn, Is.EqualTo(DriftDetection.Detection.Learnables.All));
            Assert.That(DriftDetection.Cli.DemoOptions.Parse(["--learn", "all"]).OracleCooldowns, Has.Count.EqualTo(13).And.Contains(DetectorDefaults.MaxCooldown));
            Assert.That(DriftDetection.Cli.DemoOptions.Parse(["--cooldown", "30"]).OracleCooldowns, Is.EqualTo(new[] { 30 }));
            Assert.That(() => DriftDetection.Cli.DemoOptions.Parse(["--cooldown", "241"]), Throws.ArgumentException.With.Message.Contains("0 to 240"));
            Assert.That(() => DriftDetection.Cli.DemoOptions.Parse(["--learn", "window"]), Throws.ArgumentException.With.Message.Contains("'both', 'threshold' or 'all'"));
        });
    }

    [Test]
    public async Task BenchOracleIsNeverBelowTheDefaults()
    {
        var stream = DemoStreams.WithSpikesAndNoise("noisy", 2000, 7, (500, 15), (1500, 15));
        var run = await new DemoRunner(s => DetectorSessions.Create(StorePath(), s.Id, useLlm: false), 20).RunAsync(stream);

        var row = LearningBench.Rows([run], [DetectorDefaults.Cooldown]).Single();

        Assert.Multiple(() =>
        {
            Assert.That(row.Oracle.F1, Is.GreaterThanOrEqualTo(run.Before.F1));
            for (var p = 0; p < NabProfile.All.Count; p++)
            {
                Assert.That(row.Oracle.Both[p].Score.Raw, Is.GreaterThanOrEqualTo(run.Nab(NabProfile.All[p]).Defaults.Raw));
                Assert.That(row.Oracle.Both[p].Score.Raw, Is.GreaterThanOrEqualTo(row.Oracle.ThresholdOnly[p].Score.Raw));
            }
        });
    }

    private static string StorePath() => TempStore.NewPath();
}
