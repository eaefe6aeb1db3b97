using System.Text.Json;
using Autofac;
using Poet.Tests.Interception;

namespace Poet.Tests.Learning;

public interface IRunDetector
{
    [Poet(Domain = "ml_monitoring", Replayable = true)]
    RunReport Detect(double[] scores, [Learnable(Min = 1, Max = 20, Step = 0.5)] double threshold = 3, [Learnable(Min = 1, Max = 10, Step = 1)] int persistence = 1);

    [Poet(Domain = "ml_monitoring")]
    RunReport NotReplayable(double[] scores, [Learnable(Min = 1, Max = 20)] double threshold = 3);

    [Poet(Domain = "ml_monitoring", Replayable = true)]
    Task<RunReport> DetectAsync(double[] scores, [Learnable(Min = 1, Max = 20)] double threshold = 3);
}

/// <summary>Alerts when <c>persistence</c> scores in a row exceed the threshold; <see cref="Score"/> is the highest threshold that still alerts.</summary>
public sealed class RunReport
{
    public required int AlertCount { get; init; }

    public required double Score { get; init; }

    public required int RunLength { get; init; }
}

public sealed class RunDetector : IRunDetector
{
    public RunReport Detect(double[] scores, double threshold = 3, int persistence = 1)
    {
        var (alerts, run, longest, level) = (0, 0, 0, 0.0);
        for (var i = 0; i < scores.Length; i++)
        {
            run = scores[i] > threshold ? run + 1 : 0;
            longest = Math.Max(longest, run);
            alerts += run == persistence ? 1 : 0;
            if (i >= persistence - 1)
            {
                level = Math.Max(level, scores[(i - persistence + 1)..(i + 1)].Min());
            }
        }

        return new RunReport { AlertCount = alerts, Score = level, RunLength = longest };
    }

    public RunReport NotReplayable(double[] scores, double threshold = 3) => Detect(scores, threshold);

    public Task<RunReport> DetectAsync(double[] scores, double threshold = 3) => Task.FromResult(Detect(scores, threshold));
}

public class ReplayTests
{
    private static readonly double[] LoneSpike = [0, 0, 5, 0, 0, 0];

    [Test]
    public async Task A_replayable_function_reruns_its_recorded_arguments_with_other_learned_values()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<RunDetector>().As<IRunDetector>().EnablePoet());
        var report = container.Resolve<IRunDetector>().Detect(LoneSpike);
        var execution = await container.Resolve<IExecutionStore>().FindAsync(PoetContext.LastExecutionId!.Value);
        var replay = container.Resolve<ExecutionLinks>().Replays.Find("IRunDetector.Detect")!;

        var same = (RunReport)replay(execution!, new Dictionary<string, double>())!;
        var longer = (RunReport)replay(execution!, new Dictionary<string, double> { ["persistence"] = 2 })!;

        Assert.Multiple(() =>
        {
            Assert.That(report.AlertCount, Is.EqualTo(1));
            Assert.That(same.AlertCount, Is.EqualTo(1), "the recorded values give the recorded result");
            Assert.That(longer.AlertCount, Is.EqualTo(0), "a lone spike never lasts two samples");
            Assert.That(longer.Score, Is.EqualTo(0));
        });
    }

    [Test]
    public async Task A_replayable_function_keeps_its_long_arrays_whole_in_the_log_so_they_can_be_replayed_after_a_restart()
    {
        var store = TempStore.NewPath();
        var scores = Enumerable.Range(0, 100).Select(i => i == 50 ? 5.0 : 0.0).ToArray(); // more items than the log summarizes by default
        ExecutionId id;
        using (var container = PoetTestHost.Build(b => b.RegisterType<RunDetector>().As<IRunDetector>().EnablePoet(), o => o.StorePath = store))
        {
            container.Resolve<IRunDetector>().Detect(scores);
            id = PoetContext.LastExecutionId!.Value;
            await container.Resolve<IExecutionStore>().FlushAsync();
        }

        using var restarted = PoetTestHost.Build(b => b.RegisterType<RunDetector>().As<IRunDetector>().EnablePoet(), o => o.StorePath = store);
        restarted.Resolve<IRunDetector>().Detect([0]);
        var execution = await restarted.Resolve<IExecutionStore>().FindAsync(id);
        var replayed = (RunReport?)restarted.Resolve<ExecutionLinks>().Replays.Find("IRunDetector.Detect")!(execution!, new Dictionary<string, double>());

        Assert.That(replayed?.AlertCount, Is.EqualTo(1), "the recorded scores came back whole");
    }

    [Test]
    public void A_replay_reads_arguments_read_back_from_the_log_as_json()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<RunDetector>().As<IRunDetector>().EnablePoet());
        container.Resolve<IRunDetector>().Detect([0]);
        var replay = container.Resolve<ExecutionLinks>().Replays.Find("IRunDetector.Detect")!;
        var fromLog = new ExecutionRecord
        {
            Id = ExecutionId.New(),
            FunctionId = "IRunDetector.Detect",
            Version = 1,
            StartedAt = DateTimeOffset.UtcNow,
            Arguments = new Dictionary<string, object?> { ["scores"] = JsonSerializer.SerializeToElement(LoneSpike) },
            LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3, ["persistence"] = 1 },
        };

        var lower = (RunReport)replay(fromLog, new Dictionary<string, double> { ["threshold"] = 6 })!;

        Assert.That(lower.AlertCount, Is.EqualTo(0));
    }

    [Test]
    public void Only_synchronous_methods_declared_replayable_are_replayed()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<RunDetector>().As<IRunDetector>().EnablePoet());
        var detector = container.Resolve<IRunDetector>();
        detector.NotReplayable(LoneSpike);
        detector.DetectAsync(LoneSpike).GetAwaiter().GetResult();
        var replays = container.Resolve<ExecutionLinks>().Replays;

        Assert.Multiple(() =>
        {
            Assert.That(replays.Find("IRunDetector.NotReplayable"), Is.Null);
            Assert.That(replays.Find("IRunDetector.DetectAsync"), Is.Null);
            Assert.That(replays.Find("IRunDetector.Detect"), Is.Null, "not called yet");
        });
    }

    [Test]
    public async Task Feedback_on_a_replayable_function_checks_candidate_values_by_replay()
    {
        var store = TempStore.NewPath();
        using var container = PoetTestHost.Build(b => b.RegisterType<RunDetector>().As<IRunDetector>().EnablePoet(), o => o.StorePath = store);
        var report = container.Resolve<IRunDetector>().Detect(LoneSpike);

        var outcome = await container.Resolve<IPoetFeedback>().FeedbackAsync(report, "False alarm, that was just noise.");
        var version = container.Resolve<IPoetStore>().Functions.GetCurrent("IRunDetector.Detect")!;

        Assert.Multiple(() =>
        {
            Assert.That(outcome.NewVersion, Is.EqualTo(2));
            Assert.That(version.Reason.Rationale, Does.Contain("checked by replay"));
        });
    }
}
