namespace Poet.Tests.Storage;

public class ExecutionLogRetentionTests
{
    [Test]
    public async Task Segments_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        using var fixture = new StoreFixture();
        fixture.Options.ExecutionRetention = TimeSpan.FromDays(7);
        var old = StoreFixture.Record(DateTimeOffset.UtcNow.AddDays(-40));
        var recent = StoreFixture.Record(DateTimeOffset.UtcNow.AddDays(-1));
        await WriteSegmentAsync(fixture, old);
        await WriteSegmentAsync(fixture, recent);

        await using var log = fixture.Log();
        await log.RunMaintenanceAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await log.FindAsync(old.Id), Is.Null);
            Assert.That((await log.FindAsync(recent.Id))?.Id, Is.EqualTo(recent.Id));
            Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.jsonl"), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.idx"), Has.Length.EqualTo(1), "the index goes with its segment");
        });
    }

    [Test]
    public async Task The_oldest_segments_are_deleted_when_the_log_exceeds_its_size_limit()
    {
        using var fixture = new StoreFixture();
        fixture.Options.ExecutionSegmentMegabytes = 1;
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var records = Enumerable.Range(0, 20_000).Select(i => StoreFixture.Record(start.AddMilliseconds(i), i) with { Result = new string('x', 200) }).ToList();
        await using (var log = fixture.Log())
        {
            foreach (var chunk in records.Chunk(1000))
            {
                await log.AppendAsync(chunk);
            }
        }

        var before = Directory.GetFiles(fixture.ExecutionsPath, "*.jsonl").Length;
        fixture.Options.ExecutionRetentionMegabytes = 2;
        await using var limited = fixture.Log();
        await limited.RunMaintenanceAsync();

        var size = Directory.GetFiles(fixture.ExecutionsPath).Sum(f => new FileInfo(f).Length);
        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.GreaterThan(3));
            Assert.That(size, Is.LessThanOrEqualTo(2 * 1024 * 1024));
            Assert.That(await limited.FindAsync(records[0].Id), Is.Null, "the oldest went first");
            Assert.That((await limited.FindAsync(records[^1].Id))?.Id, Is.EqualTo(records[^1].Id), "the newest stays");
        });
    }

    [Test]
    public async Task Retention_never_touches_a_segment_that_is_being_written()
    {
        using var fixture = new StoreFixture();
        fixture.Options.ExecutionRetention = TimeSpan.FromDays(1);
        fixture.Options.ExecutionRetentionMegabytes = 0;
        await using var log = fixture.Log();
        var old = StoreFixture.Record(DateTimeOffset.UtcNow.AddDays(-10));
        log.TryRecord(old);
        await log.FlushAsync();

        await log.RunMaintenanceAsync();
        log.TryRecord(StoreFixture.Record());
        await log.FlushAsync();

        Assert.That((await log.FindAsync(old.Id))?.Id, Is.EqualTo(old.Id));
    }

    private static async Task WriteSegmentAsync(StoreFixture fixture, ExecutionRecord record)
    {
        fixture.Options.ExecutionRetention = null;
        await using (var log = fixture.Log())
        {
            log.TryRecord(record);
        }

        fixture.Options.ExecutionRetention = TimeSpan.FromDays(7);
    }
}
