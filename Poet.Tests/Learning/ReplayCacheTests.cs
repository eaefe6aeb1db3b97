using Poet.Translation;

namespace Poet.Tests.Learning;

public class ReplayCacheTests
{
    private static LabelledExecution Label(double score, ExecutionRecord? execution = null) =>
        new(true, new Dictionary<string, double> { ["threshold"] = 3, ["persistence"] = 1 }, new ExecutionFacts(false, "test", score, "Score", 0, "RunLength"),
            execution ?? Execution());

    private static ExecutionRecord Execution() => new() { Id = ExecutionId.New(), FunctionId = "f", Version = 1, StartedAt = DateTimeOffset.UtcNow };

    private static Dictionary<string, double> With(double persistence) => new() { ["persistence"] = persistence };

    [Test]
    public void An_execution_is_replayed_with_the_same_values_once_and_answered_from_the_cache_afterwards()
    {
        var calls = 0;
        LabelledReplay replay = (h, values) =>
        {
            calls++;
            return h.Facts with { Score = h.Facts.Score / values["persistence"] };
        };
        var cache = new ReplayCache();
        var kept = cache.Keep(replay, "ml_monitoring");
        var label = Label(6);

        var first = kept(label, With(2));
        var again = kept(label, With(2));
        var sameExecutionRelabelled = kept(label with { ShouldFire = false }, With(2));
        var other = kept(label, With(3));

        Assert.Multiple(() =>
        {
            Assert.That(first!.Score, Is.EqualTo(3));
            Assert.That(again, Is.SameAs(first), "the second complaint reuses the replay of the first");
            Assert.That(sameExecutionRelabelled, Is.SameAs(first), "kept by execution id: read again at the next complaint, or listed as a recent call");
            Assert.That(other!.Score, Is.EqualTo(2), "other values are replayed");
            Assert.That(calls, Is.EqualTo(2));
            Assert.That(cache.Replayed, Is.EqualTo(2));
        });
    }

    [Test]
    public void Another_execution_another_scope_a_replay_that_could_not_run_or_no_record_are_replayed_again()
    {
        var calls = 0;
        var runs = true;
        LabelledReplay replay = (h, _) =>
        {
            calls++;
            return runs ? h.Facts : null;
        };
        var cache = new ReplayCache();
        var label = Label(6);

        cache.Keep(replay, "ml_monitoring")(label, With(2));
        cache.Keep(replay, "generic")(label, With(2));
        cache.Keep(replay, "ml_monitoring")(Label(6), With(2));
        var unlucky = Label(5);
        runs = false;
        var failed = cache.Keep(replay, "ml_monitoring")(unlucky, With(2));
        runs = true;
        var retried = cache.Keep(replay, "ml_monitoring")(unlucky, With(2));
        var unrecorded = label with { Execution = null };
        cache.Keep(replay, "ml_monitoring")(unrecorded, With(2));
        cache.Keep(replay, "ml_monitoring")(unrecorded, With(2));

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(7), "a new scope, another execution, a replay that failed and a label without its record are replayed");
            Assert.That(failed, Is.Null);
            Assert.That(retried, Is.Not.Null);
        });
    }

    [Test]
    public void The_cache_keeps_at_most_its_capacity_and_replays_a_dropped_entry_again()
    {
        var calls = 0;
        LabelledReplay replay = (h, _) =>
        {
            calls++;
            return h.Facts;
        };
        var cache = new ReplayCache(capacity: 8);
        var kept = cache.Keep(replay, "ml_monitoring");
        var labels = Enumerable.Range(0, 100).Select(i => Label(i)).ToList();

        foreach (var label in labels)
        {
            kept(label, With(2));
        }

        var countAfterFilling = cache.Count;
        kept(labels[0], With(2));

        Assert.Multiple(() =>
        {
            Assert.That(countAfterFilling, Is.LessThanOrEqualTo(8), "bounded: 100 replays, at most 8 kept");
            Assert.That(calls, Is.EqualTo(101), "the oldest was dropped: replayed again");
            Assert.That(cache.Capacity, Is.EqualTo(8));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ReplayCache(capacity: 2));
    }

    [Test]
    public void A_search_that_needs_more_replays_than_the_cache_holds_makes_room_keeping_what_it_had_up_to_the_memory_bound()
    {
        var calls = 0;
        LabelledReplay replay = (h, _) =>
        {
            calls++;
            return h.Facts;
        };
        var cache = new ReplayCache(capacity: 8, maxCapacity: 64);
        var kept = cache.Keep(replay, "ml_monitoring");
        var labels = Enumerable.Range(0, 40).Select(i => Label(i)).ToList();
        kept(labels[0], With(2));

        cache.Reserve(labels.Count); // one search: 40 labels, one candidate value
        foreach (var label in labels)
        {
            kept(label, With(2));
        }

        var afterFirstSearch = calls;
        foreach (var label in labels)
        {
            kept(label, With(2)); // the next complaint's search
        }

        cache.Reserve(1_000);

        Assert.Multiple(() =>
        {
            Assert.That(afterFirstSearch, Is.EqualTo(40), "the replay kept before growing was not run again");
            Assert.That(calls, Is.EqualTo(40), "every replay of the first search was kept for the second");
            Assert.That(cache.Capacity, Is.EqualTo(64), "grown to the bound, never past it");
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ReplayCache(capacity: 8, maxCapacity: 4));
    }

    [Test]
    public void The_agreement_search_tells_the_cache_how_many_replays_it_runs()
    {
        var cache = new ReplayCache(capacity: 8);
        LabelledReplay replay = (h, values) => h.Facts;
        var threshold = LearnableParameterSpec.Create("threshold", 0, 1, 20, 0.5, 3.0, false);
        var persistence = LearnableParameterSpec.Create("persistence", 1, 1, 10, 1, 1, true);
        var spec = new TrainSpec
        {
            FunctionId = "f",
            Parameters = [threshold, persistence],
            IssueMap = new Dictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>>
            {
                [FeedbackVerdict.FalsePositive] = new Dictionary<string, int> { ["threshold"] = +1, ["persistence"] = +1 },
                [FeedbackVerdict.FalseNegative] = new Dictionary<string, int> { ["threshold"] = -1, ["persistence"] = -1 },
            },
        };
        var labels = Enumerable.Range(0, 30).Select(i => Label(2 + (i * 0.1))).ToList();
        var history = new LabelledHistory(labels, name => name == "persistence", Replay: cache.Keep(replay, "ml_monitoring"), ReserveReplays: cache.Reserve);

        _ = AgreementSearch.Choose(new Dictionary<string, double> { ["threshold"] = 3, ["persistence"] = 1 }, spec, history, out _);

        Assert.Multiple(() =>
        {
            Assert.That(cache.Replayed, Is.EqualTo(30 * 10), "every label with each of the 10 persistences");
            Assert.That(cache.Capacity, Is.GreaterThanOrEqualTo(300));
            Assert.That(cache.Count, Is.EqualTo(300), "all of them kept for the next complaint");
        });
    }

    [Test]
    public void The_key_lists_every_value_in_name_order_whatever_order_the_dictionary_holds()
    {
        var a = new Dictionary<string, double> { ["threshold"] = 2.5, ["persistence"] = 3 };
        var b = new Dictionary<string, double> { ["persistence"] = 3, ["threshold"] = 2.5 };

        Assert.Multiple(() =>
        {
            Assert.That(ReplayCache.Key("d", a), Is.EqualTo(ReplayCache.Key("d", b)));
            Assert.That(ReplayCache.Key("d", a), Is.EqualTo("d|persistence=3;threshold=2.5"));
            Assert.That(ReplayCache.Key("d", new Dictionary<string, double> { ["persistence"] = 0.1 }), Is.EqualTo("d|persistence=0.1"));
        });
    }
}
