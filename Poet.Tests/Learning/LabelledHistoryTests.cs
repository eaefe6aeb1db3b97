namespace Poet.Tests.Learning;

/// <summary>
/// Learning agrees with the function's earlier labelled executions; reading them must not cost one execution lookup
/// per earlier feedback on every new feedback (over PostgreSQL each lookup is a round trip).
/// </summary>
public class LabelledHistoryTests
{
    [Test]
    public async Task Each_earlier_labelled_execution_is_looked_up_once_not_on_every_later_feedback()
    {
        using var harness = new LearningHarness();
        harness.RegisterDetector(threshold: 3.0);
        var counting = new CountingExecutionStore(harness.Executions);
        var feedback = new PoetLearningServices(harness.Functions, counting, harness.FeedbackStore, harness.Links, harness.Domains, harness.Options).Feedback;
        var lookupsPerFeedback = new List<int>();

        for (var i = 0; i < 8; i++)
        {
            var report = harness.Detect(11.0 + (i * 0.01)); // above the threshold's maximum: it always fires
            var before = counting.Finds;
            var outcome = await feedback.FeedbackAsync(report, "False alarm, that was a seasonal dip.");
            Assert.That(outcome.Signal.Verdict, Is.EqualTo(FeedbackVerdict.FalsePositive));
            lookupsPerFeedback.Add(counting.Finds - before);
        }

        // The first feedback finds its own execution; each later one its own and the one labelled just before it.
        Assert.That(lookupsPerFeedback, Is.EqualTo(new[] { 1, 2, 2, 2, 2, 2, 2, 2 }));
    }

    [Test]
    public async Task The_newest_feedback_is_listed_oldest_first_and_the_rest_left_out()
    {
        var store = new InMemoryFeedbackStore();
        var start = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        foreach (var minute in new[] { 3, 1, 4, 0, 2 })
        {
            await store.SaveAsync(new FeedbackRecord
            {
                Id = "fb-" + minute,
                ExecutionId = ExecutionId.New(),
                FunctionId = LearningHarness.DetectorId,
                ReceivedAt = start.AddMinutes(minute),
                RawJson = "\"x\"",
            });
        }

        var recent = await ((IFeedbackStore)store).ListRecentAsync(LearningHarness.DetectorId, 3);

        Assert.That(recent.Select(r => r.Id), Is.EqualTo(new[] { "fb-2", "fb-3", "fb-4" }));
    }

    private sealed class CountingExecutionStore(IExecutionStore inner) : IExecutionStore
    {
        private int _finds;

        public int Finds => Volatile.Read(ref _finds);

        public bool TryRecord(ExecutionRecord record) => inner.TryRecord(record);

        public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _finds);
            return inner.FindAsync(id, cancellationToken);
        }

        public Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(records, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    }
}
