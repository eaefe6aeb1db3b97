using Poet.AspNetCore.Dashboard;

namespace Poet.Tests.Dashboard;

/// <summary>The fixed-memory statistics behind the dashboard: duration percentiles and the one-hour window.</summary>
[TestFixture]
public sealed class ExecutionStatisticsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 5, 12, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Percentiles_of_a_known_spread_are_within_five_percent()
    {
        var histogram = new DurationHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Add(ms);
        }

        Assert.That(histogram.Count, Is.EqualTo(1000));
        Assert.That(histogram.Percentile(0.5), Is.EqualTo(500).Within(5).Percent);
        Assert.That(histogram.Percentile(0.99), Is.EqualTo(990).Within(5).Percent);
        Assert.That(histogram.Percentile(1), Is.EqualTo(1000).Within(5).Percent);
    }

    [Test]
    public void Percentiles_cover_microseconds_to_an_hour_and_are_null_without_durations()
    {
        var histogram = new DurationHistogram();
        Assert.That(histogram.Percentile(0.5), Is.Null);

        histogram.Add(0.002);
        Assert.That(histogram.Percentile(0.5), Is.EqualTo(0.002).Within(5).Percent);
        histogram.Clear();
        histogram.Add(3_000_000);
        Assert.That(histogram.Percentile(0.5), Is.EqualTo(3_000_000).Within(5).Percent);
    }

    [Test]
    public void Calls_older_than_the_window_leave_the_statistics()
    {
        var activity = new FunctionActivity();
        activity.Add(Execution("a", "success", 10), Noon);
        activity.Add(Execution("b", "failed", 30), Noon.AddMinutes(30));
        activity.Add(Execution("c", "success", 20), Noon.AddMinutes(59));

        var all = activity.Stats(Noon.AddMinutes(59));
        Assert.That(all, Is.EqualTo(new ActivityStats(3, 1, all.P50Ms, all.P99Ms)));
        Assert.That(all.P50Ms, Is.EqualTo(20).Within(5).Percent);

        var later = activity.Stats(Noon.AddMinutes(60));
        Assert.That((later.Calls, later.Errors), Is.EqualTo((2L, 1L)), "the call of minute 0 is more than an hour old");

        var muchLater = activity.Stats(Noon.AddHours(3));
        Assert.That(muchLater, Is.EqualTo(new ActivityStats(0, 0, null, null)));
    }

    [Test]
    public void A_minute_slot_reused_an_hour_later_forgets_its_old_counts()
    {
        var activity = new FunctionActivity();
        activity.Add(Execution("a", "failed", 10), Noon);
        activity.Add(Execution("b", "success", 10), Noon.AddHours(1));

        var stats = activity.Stats(Noon.AddHours(1));
        Assert.That((stats.Calls, stats.Errors), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public void Recent_executions_are_newest_first_bounded_and_filter_by_outcome()
    {
        var activity = new FunctionActivity();
        for (var i = 0; i < FunctionActivity.RecentCapacity + 5; i++)
        {
            activity.Add(Execution($"e{i}", i % 2 == 0 ? "success" : "failed", 1), Noon);
        }

        var recent = activity.Recent(null, 1000);
        Assert.That(recent, Has.Count.EqualTo(FunctionActivity.RecentCapacity));
        Assert.That(recent[0].Id, Is.EqualTo($"e{FunctionActivity.RecentCapacity + 4}"));
        Assert.That(recent[^1].Id, Is.EqualTo("e5"));

        var failed = activity.Recent("failed", 3);
        Assert.That(failed.Select(e => e.Id), Is.EqualTo(new[] { "e203", "e201", "e199" }));
    }

    private static ObservedExecution Execution(string id, string outcome, double durationMs) =>
        new(id, "IDriftDetector.Detect", 1, Noon, durationMs, outcome, 1, null);
}
