using Poet.Translation;

namespace Poet.Tests.Learning;

public class AgreementSearchTests
{
    private static readonly LearnableParameterSpec Threshold = LearnableParameterSpec.Create("threshold", 0, 1, 20, 0.5, 3.0, false);
    private static readonly LearnableParameterSpec Persistence = LearnableParameterSpec.Create("persistence", 1, 1, 10, 1, 1, true);

    private static readonly TrainSpec Spec = new()
    {
        FunctionId = "f",
        Parameters = [Threshold, Persistence],
        IssueMap = new Dictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>>
        {
            [FeedbackVerdict.FalsePositive] = new Dictionary<string, int> { ["threshold"] = +1, ["persistence"] = +1 },
            [FeedbackVerdict.FalseNegative] = new Dictionary<string, int> { ["threshold"] = -1, ["persistence"] = -1 },
        },
    };

    private static readonly Dictionary<string, double> Current = new() { ["threshold"] = 3.0, ["persistence"] = 1 };

    // Both ran with threshold 3 and persistence 1: a lone spike scoring 5 (a false alarm) and a sustained rise peaking at 2.8 (missed).
    private static readonly LabelledExecution Spike = Labelled(shouldFire: false, score: 5.0, run: 1);
    private static readonly LabelledExecution Rise = Labelled(shouldFire: true, score: 2.8, run: 0);

    private static LabelledExecution Labelled(bool shouldFire, double score, double run) =>
        new(shouldFire, Current, new ExecutionFacts(!shouldFire, "test", score, "Score", run, "RunLength"));

    private static bool IsRun(string name) => name == "persistence";

    [Test]
    public void A_missed_event_outweighs_a_false_alarm_when_the_domain_weighs_misses_more()
    {
        // A small spike (3.5) is cheap to silence; the slow rise (1.5) needs the threshold far down, where the spike fires too.
        var spike = Labelled(shouldFire: false, score: 3.5, run: 1);
        var rise = Labelled(shouldFire: true, score: 1.5, run: 0);

        var even = AgreementSearch.Choose(Current, Spec, new LabelledHistory([spike, rise], IsRun), out _)!;
        var weighed = AgreementSearch.Choose(Current, Spec, new LabelledHistory([spike, rise], IsRun, MissedEventWeight: 3), out var summary)!;

        Assert.Multiple(() =>
        {
            Assert.That((even["threshold"], even["persistence"]), Is.EqualTo((3.0, 2.0)), "one label each: the nearest agreeing values silence the spike (persistence 2: one step)");
            Assert.That(weighed["threshold"], Is.LessThan(1.5), "the weighed miss wins: the rise fires");
            Assert.That(weighed["persistence"], Is.EqualTo(1));
            Assert.That(summary, Does.Contain("a missed event as 3"));
        });
    }

    [Test]
    public void A_replay_finds_values_that_agree_with_every_label_where_the_evidence_alone_cannot_tell()
    {
        // Replayed with persistence 2, the spike scores 2.0 (it lasts one sample) and the rise 2.6 (it lasts).
        ExecutionFacts? Replay(LabelledExecution h, IReadOnlyDictionary<string, double> values)
        {
            var persistence = values["persistence"];
            var score = ReferenceEquals(h, Spike) ? (persistence >= 2 ? 2.0 : 5.0) : (persistence >= 2 ? 2.6 : 2.8);
            return h.Facts with { Score = score };
        }

        var chosen = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Spike, Rise], IsRun, Replay: Replay), out var summary)!;

        Assert.Multiple(() =>
        {
            Assert.That(chosen["persistence"], Is.EqualTo(2));
            Assert.That(chosen["threshold"], Is.GreaterThanOrEqualTo(2.0).And.LessThan(2.6), "silences the spike, fires on the rise");
            Assert.That(summary, Does.Contain("agrees with 2 of 2").And.Contain("replay"));
        });
    }

    [Test]
    public void Among_equally_agreeing_values_the_nearest_to_the_current_ones_in_declared_steps_wins()
    {
        var high = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Spike], IsRun), out _)!;
        var low = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Labelled(shouldFire: false, score: 3.3, run: 1)], IsRun), out _)!;

        // Silencing the spike at 5: threshold just above 5 (more than 4 steps of 0.5) or persistence 2 (1 step of 1): the
        // persistence is nearer. Silencing one at 3.3: threshold about 3.37 (under 1 step) is nearer than persistence 2.
        Assert.Multiple(() =>
        {
            Assert.That((high["threshold"], high["persistence"]), Is.EqualTo((3.0, 2.0)));
            Assert.That(low["threshold"], Is.GreaterThan(3.3).And.LessThan(3.5));
            Assert.That(low["persistence"], Is.EqualTo(1));
        });
    }

    [Test]
    public void Without_score_evidence_there_is_no_search()
    {
        var blind = new LabelledExecution(false, Current, new ExecutionFacts(true, "test", null, null));

        Assert.That(AgreementSearch.Choose(Current, Spec, new LabelledHistory([blind], IsRun), out _), Is.Null);
    }

    [Test]
    public void With_a_decision_margin_one_complaint_keeps_the_threshold_that_share_beyond_the_score()
    {
        var plain = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Spike], IsRun), out _)!;
        var wide = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Spike], IsRun, DecisionMargin: 0.2), out _)!;

        Assert.Multiple(() =>
        {
            Assert.That(plain["threshold"], Is.LessThan(5.2), "without a margin: just past the spike's score 5");
            Assert.That(wide["threshold"], Is.EqualTo(6.0).Within(1e-9), "20% beyond the score, so similar spikes up to 6 are silenced too");
            Assert.That(wide["persistence"], Is.EqualTo(1));
        });
    }

    [Test]
    public void With_a_decision_margin_the_threshold_keeps_halfway_between_labels_that_leave_less_room()
    {
        // A false alarm at 5 and a missed event at 5.5 (both at persistence 1): 20% beyond either would break the other label.
        var spike = Labelled(shouldFire: false, score: 5.0, run: 1);
        var incident = Labelled(shouldFire: true, score: 5.5, run: 1);

        var chosen = AgreementSearch.Choose(Current, Spec, new LabelledHistory([spike, incident], IsRun, DecisionMargin: 0.2), out var summary)!;

        Assert.Multiple(() =>
        {
            Assert.That(chosen["threshold"], Is.EqualTo(5.25).Within(1e-9));
            Assert.That(summary, Does.Contain("agrees with 2 of 2"));
        });
    }

    [Test]
    public void A_miss_does_not_lower_the_threshold_when_that_wakes_more_quiet_recent_calls_than_it_is_worth()
    {
        // A rise missed at 2.8 (weight 3), and four calls nobody complained about that stayed silent at 2.9: any threshold
        // that catches the rise (below 2.8) wakes all four.
        var quiet = Enumerable.Range(0, 4).Select(_ => Unlabelled(fired: false, score: 2.9, run: 0)).ToList();

        var alone = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Rise], IsRun, MissedEventWeight: 3), out _)!;
        var weighed = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Rise], IsRun, MissedEventWeight: 3, Unlabelled: quiet, SilentWeight: 1), out var summary)!;
        var cheap = AgreementSearch.Choose(Current, Spec, new LabelledHistory([Rise], IsRun, MissedEventWeight: 3, Unlabelled: quiet, SilentWeight: 0.5), out _)!;

        Assert.Multiple(() =>
        {
            Assert.That(alone["threshold"], Is.LessThan(2.8), "the labels alone: the rise fires");
            Assert.That(weighed["threshold"], Is.EqualTo(3.0), "waking four quiet calls (4) costs more than the miss (3) is worth");
            Assert.That(cheap["threshold"], Is.LessThan(2.8), "at half weight the four quiet calls (2) are worth less than the miss (3)");
            Assert.That(summary, Does.Contain("4 recent unlabelled calls"));
        });
    }

    [Test]
    public void A_false_alarm_complaint_silences_only_what_the_recent_calls_that_fired_let_it()
    {
        // A spike fired at 3.3 (a false alarm); two recent calls fired at 3.1 and nobody complained. Silencing the spike
        // at persistence 1 needs a threshold above 3.3 (the nearest change: under one step), which also silences them;
        // persistence 2 (one step) silences the spike alone (its run was 1, theirs 3).
        var spike = Labelled(shouldFire: false, score: 3.3, run: 1);
        var fired = Enumerable.Range(0, 2).Select(_ => Unlabelled(fired: true, score: 3.1, run: 3)).ToList();

        var chosen = AgreementSearch.Choose(Current, Spec, new LabelledHistory([spike], IsRun, Unlabelled: fired, FiredWeight: 1), out _)!;
        var ignored = AgreementSearch.Choose(Current, Spec, new LabelledHistory([spike], IsRun, Unlabelled: fired, FiredWeight: 0), out _)!;

        Assert.Multiple(() =>
        {
            Assert.That(chosen["persistence"], Is.EqualTo(2), "the persistence silences the spike and keeps the recent alerts");
            Assert.That(chosen["threshold"], Is.EqualTo(3.0));
            Assert.That(ignored["threshold"], Is.GreaterThan(3.3), "with weight 0 the recent calls count for nothing: the nearest change wins");
        });
    }

    private static LabelledExecution Unlabelled(bool fired, double score, double run) =>
        new(fired, Current, new ExecutionFacts(fired, "test", score, "Score", run, "RunLength"),
            new ExecutionRecord { Id = ExecutionId.New(), FunctionId = "f", Version = 1, StartedAt = DateTimeOffset.UtcNow });
}
