using Poet.Translation;

namespace Poet.Tests.Learning;

public class CooldownLearningTests
{
    private static readonly LearnableParameterSpec Threshold = LearnableParameterSpec.Create("threshold", 0, 1, 20, 0.5, 3.0, false);
    private static readonly LearnableParameterSpec Persistence = LearnableParameterSpec.Create("persistence", 1, 1, 10, 1, 1, true);
    private static readonly LearnableParameterSpec Cooldown = LearnableParameterSpec.Create("cooldown", 2, 0, 240, 20, 20, true);

    private static readonly TrainSpec Spec = TrainSpecBuilder.Build(
        new FunctionPlan { FunctionId = "f", Domain = MlMonitoringDomain.Name, Learnable = [Threshold, Persistence, Cooldown] }, MlMonitoringDomain.Template);

    private static readonly Dictionary<string, double> Current = new() { ["threshold"] = 3.0, ["persistence"] = 1, ["cooldown"] = 20 };

    [Test]
    public void The_ml_monitoring_template_reads_a_gap_and_moves_a_cooldown_like_a_persistence()
    {
        var execution = Execution(new { Alerts = new[] { 1 }, Score = 9.0, RunLength = 1, Gap = 30 });

        var facts = ExecutionInspector.Inspect(execution, MlMonitoringDomain.Template);

        Assert.Multiple(() =>
        {
            Assert.That(facts.Gap, Is.EqualTo(30));
            Assert.That(facts.GapName, Is.EqualTo("Gap"));
            Assert.That(facts.Score, Is.EqualTo(9.0), "the gap is not taken for the score");
            Assert.That(Spec.IssueMap[FeedbackVerdict.FalsePositive]["cooldown"], Is.EqualTo(+1));
            Assert.That(Spec.IssueMap[FeedbackVerdict.FalseNegative]["cooldown"], Is.EqualTo(-1));
        });
    }

    [Test]
    public void A_false_alarm_shortly_after_another_trigger_is_credited_to_the_cooldown_when_reaching_the_gap_costs_least()
    {
        // Fired at z 9 (threshold 3, step 0.5: over 12 steps to flip; run 5, persistence step 1: 5 steps), 30 samples after the
        // trigger before it (cooldown 20, step 20: half a step to flip).
        var execution = Execution(new { Alerts = new[] { 1 }, Score = 9.0, RunLength = 5, Gap = 30 });
        var facts = ExecutionInspector.Inspect(execution, MlMonitoringDomain.Template);

        var result = CreditAssignment.Assign(facts, execution, Spec, Signal(FeedbackVerdict.FalsePositive, +1), MlMonitoringDomain.Template);

        Assert.Multiple(() =>
        {
            Assert.That(result.Signal.Adjustments.Single().Name, Is.EqualTo("cooldown"));
            Assert.That(result.Hints.Single().Target, Is.EqualTo(30), "a cooldown of 30 covers the gap: that trigger no longer alerts");
            Assert.That(result.Signal.Rationale, Does.Contain("Gap = 30"));
        });
    }

    [Test]
    public void A_miss_whose_trigger_the_cooldown_suppressed_is_credited_to_a_cooldown_one_below_the_gap()
    {
        // Silent: its trigger came 15 samples after another (cooldown 20); the score 3.05 is just over the threshold, which can
        // only go down by lowering it, and lowering it adds nothing here: the cooldown is the flip.
        var execution = Execution(new { Alerts = Array.Empty<int>(), Score = 2.9, RunLength = 0, Gap = 15 });
        var facts = ExecutionInspector.Inspect(execution, MlMonitoringDomain.Template);

        var options = CreditAssignment.Options(facts, execution, Spec, Signal(FeedbackVerdict.FalseNegative, -1), MlMonitoringDomain.Template);

        Assert.That(options.Single(o => o.Name == "cooldown").Target, Is.EqualTo(14));
    }

    [Test]
    public void The_search_moves_the_cooldown_when_only_it_separates_an_echo_from_a_real_alert()
    {
        // An echo 30 samples after a real alert scored 5 and should have stayed silent; a real alert scored 4 and was right.
        // No threshold silences the echo and keeps the alert; a cooldown of 30 or more suppresses the echo alone.
        var echo = Labelled(shouldFire: false, score: 5, gap: 30);
        var real = Labelled(shouldFire: true, score: 4, gap: 241);
        ExecutionFacts? Replay(LabelledExecution h, IReadOnlyDictionary<string, double> values) =>
            h.Facts with { Score = ReferenceEquals(h, echo) && values["cooldown"] >= 30 ? 0 : h.Facts.Score };

        var chosen = AgreementSearch.Choose(Current, Spec, History([echo, real], Replay), out var summary)!;

        Assert.Multiple(() =>
        {
            Assert.That(chosen["cooldown"], Is.EqualTo(30), "the nearest cooldown that suppresses the echo");
            Assert.That(chosen["threshold"], Is.EqualTo(3.0));
            Assert.That(chosen["persistence"], Is.EqualTo(1));
            Assert.That(summary, Does.Contain("agrees with 4 of 4").And.Contain("replay"));
        });
    }

    [Test]
    public void Without_a_replay_the_cooldown_keeps_its_value_and_the_other_parameters_are_searched()
    {
        var echo = Labelled(shouldFire: false, score: 5, gap: 30);

        var chosen = AgreementSearch.Choose(Current, Spec, History([echo], replay: null), out _)!;

        Assert.Multiple(() =>
        {
            Assert.That(chosen["cooldown"], Is.EqualTo(20));
            Assert.That(chosen["persistence"], Is.EqualTo(2), "the nearest change in declared steps silences the echo: persistence one past its run of 1");
            Assert.That(chosen["threshold"], Is.EqualTo(3.0));
        });
    }

    private static LabelledHistory History(IReadOnlyList<LabelledExecution> labels, LabelledReplay? replay) =>
        new(labels, name => CreditAssignment.IsRunParameter(name, MlMonitoringDomain.Template), 3, replay,
            GapParameter: name => CreditAssignment.IsGapParameter(name, MlMonitoringDomain.Template));

    private static LabelledExecution Labelled(bool shouldFire, double score, double gap) =>
        new(shouldFire, Current, new ExecutionFacts(shouldFire, "test", score, "Score", 1, "RunLength", gap, "Gap"), Execution(new { }));

    private static LearningSignal Signal(FeedbackVerdict verdict, int direction) => new()
    {
        Verdict = verdict,
        Adjustments = [new ParameterAdjustment("threshold", direction, 1), new ParameterAdjustment("persistence", direction, 1), new ParameterAdjustment("cooldown", direction, 1)],
        Confidence = 1,
    };

    private static ExecutionRecord Execution(object result) => new()
    {
        Id = ExecutionId.New(),
        FunctionId = "f",
        Version = 1,
        StartedAt = DateTimeOffset.UtcNow,
        LearnedParameters = Current,
        Result = result,
    };
}
