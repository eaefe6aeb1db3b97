using Poet.Tests.Learning;

namespace Poet.Tests.Cli;

public class BatchLearningTests
{
    [Test]
    public async Task A_batch_moves_the_values_the_way_its_feedback_says_and_writes_one_version()
    {
        using var single = new LearningHarness();
        using var batch = new LearningHarness();
        single.RegisterDetector();
        batch.RegisterDetector();
        string[] texts = ["false alarm", "false alarm again", "you missed the outage", "false alarm", "false alarm, seasonal"];
        var items = new List<FeedbackItem>();
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            var score = 3.5 + (i * 0.1);
            var one = single.Record(LearningHarness.DetectorId, new DriftReport(score, true));
            await single.Feedback.FeedbackAsync(one.Id, text);
            var two = batch.Record(LearningHarness.DetectorId, new DriftReport(score, true));
            items.Add(new FeedbackItem(two.Id, text));
        }

        var outcome = await batch.Feedback.FeedbackBatchAsync(items);

        Assert.That(outcome.Applied, Is.EqualTo(texts.Length));
        Assert.That(outcome.VersionsWritten[LearningHarness.DetectorId], Is.EqualTo(2));
        Assert.That(batch.Functions.GetVersions(LearningHarness.DetectorId), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(batch.Threshold(), Is.GreaterThan(3.0).And.LessThanOrEqualTo(10), "four false alarms and one miss raise the threshold, within its bounds");
        Assert.That(single.Threshold(), Is.GreaterThan(3.0), "one by one it moves the same way");
        Assert.That(batch.Functions.GetCurrent(LearningHarness.DetectorId)!.Reason.FeedbackIds, Is.Not.Empty);
    }

    [Test]
    public async Task A_batch_over_two_functions_writes_one_version_each_and_skips_repeats_inside_the_batch()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        h.RegisterDetector(functionId: "IOther.Detect");
        var a = h.Record(LearningHarness.DetectorId, new DriftReport(3.9, true));
        var b = h.Record("IOther.Detect", new DriftReport(3.9, true));

        var outcome = await h.Feedback.FeedbackBatchAsync(
        [
            new FeedbackItem(a.Id, "false alarm"),
            new FeedbackItem(b.Id, "false alarm"),
            new FeedbackItem(a.Id, "false alarm"),
            new FeedbackItem(ExecutionId.New(), "false alarm"),
        ]);

        Assert.That(outcome.VersionsWritten, Has.Count.EqualTo(2));
        Assert.That(outcome.Items.Select(i => i.Status), Is.EqualTo(new[]
        {
            FeedbackItemStatus.Applied, FeedbackItemStatus.Applied, FeedbackItemStatus.AlreadyApplied, FeedbackItemStatus.Rejected,
        }));
        Assert.That(outcome.Items[2].Outcome!.FeedbackId, Is.EqualTo(outcome.Items[0].Outcome!.FeedbackId));
        Assert.That(outcome.Items[3].Error, Does.Contain("No POET execution"));
    }

    [Test]
    public async Task Positive_feedback_in_a_batch_is_stored_but_writes_no_version()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var a = h.Record(LearningHarness.DetectorId, new DriftReport(3.9, true));

        var outcome = await h.Feedback.FeedbackBatchAsync([new FeedbackItem(a.Id, "correct, good catch")]);

        Assert.That(outcome.Applied, Is.EqualTo(1));
        Assert.That(outcome.VersionsWritten, Is.Empty);
        Assert.That(await h.FeedbackStore.ListAsync(LearningHarness.DetectorId), Has.Count.EqualTo(1));
    }
}
