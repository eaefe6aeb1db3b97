using System.Text;
using Microsoft.Extensions.Logging;
using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

public class ExecutionLogRecoveryTests
{
    [Test]
    public async Task A_torn_last_line_left_by_a_crash_is_skipped_saved_to_quarantine_and_reported()
    {
        using var fixture = new StoreFixture();
        var records = await WriteSealedThenReopenAsCrashed(fixture, "{\"id\":\"01J0000000000000000000000\",\"functionId\":\"IDri");

        await using var log = fixture.Log();
        await log.RunMaintenanceAsync();

        foreach (var record in records)
        {
            Assert.That((await log.FindAsync(record.Id))?.Id, Is.EqualTo(record.Id));
        }

        var segment = Directory.GetFiles(fixture.ExecutionsPath, "*.jsonl").Single();
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(segment), Does.Not.Contain(".open"), "the orphaned segment was sealed");
            Assert.That(File.ReadAllLines(segment), Has.Length.EqualTo(records.Count), "the torn tail was cut, so jq reads the file");
            Assert.That(Directory.GetFiles(fixture.QuarantinePath).Single(), Does.EndWith(".part"));
            Assert.That(fixture.Logs.Contains(LogLevel.Warning, "torn"), Is.True);
        });
    }

    [Test]
    public async Task A_whole_last_record_missing_only_its_newline_is_kept()
    {
        using var fixture = new StoreFixture();
        var extra = StoreFixture.Record(n: 99);
        var line = await SerializeAsync(extra);
        var records = await WriteSealedThenReopenAsCrashed(fixture, line);

        await using var log = fixture.Log();
        await log.RunMaintenanceAsync();

        Assert.That((await log.FindAsync(extra.Id))?.Id, Is.EqualTo(extra.Id));
        Assert.That((await log.FindAsync(records[0].Id))?.Id, Is.EqualTo(records[0].Id));
        Assert.That(Directory.Exists(fixture.QuarantinePath), Is.False);
    }

    [Test]
    public async Task Records_in_a_crashed_writers_open_segment_are_found_before_it_is_sealed()
    {
        using var fixture = new StoreFixture();
        var records = await WriteSealedThenReopenAsCrashed(fixture, "{\"id\":");

        await using var log = fixture.Log(startWriter: false); // no maintenance: the segment stays open

        Assert.That((await log.FindAsync(records[1].Id))?.Id, Is.EqualTo(records[1].Id));
    }

    [Test]
    public async Task A_record_is_found_while_another_process_holds_the_crashed_writers_segment_to_seal_it()
    {
        using var fixture = new StoreFixture();
        var records = await WriteSealedThenReopenAsCrashed(fixture, "{\"id\":");
        var open = Directory.GetFiles(fixture.ExecutionsPath, "*.open.jsonl").Single();
        await using var log = fixture.Log(startWriter: false);

        // What a recovering process does: it opens the segment exclusively while it scans it.
        ValueTask<ExecutionRecord?> lookup;
        using (new FileStream(open, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            lookup = log.FindAsync(records[2].Id); // meets the locked segment
        }

        Assert.That((await lookup)?.Id, Is.EqualTo(records[2].Id), "the lookup searched again once the segment was free");
    }

    [Test]
    public async Task A_corrupt_index_is_quarantined_and_rebuilt()
    {
        using var fixture = new StoreFixture();
        var record = StoreFixture.Record();
        await using (var log = fixture.Log())
        {
            log.TryRecord(record);
        }

        var index = Directory.GetFiles(fixture.ExecutionsPath, "*.idx").Single();
        File.WriteAllText(index, "garbage");

        await using var reopened = fixture.Log();
        Assert.That((await reopened.FindAsync(record.Id))?.Id, Is.EqualTo(record.Id));
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(fixture.QuarantinePath), Has.Length.EqualTo(1));
            Assert.That(SegmentIndex.TryLoad(index, out _, out _), Is.True, "a valid index was written again");
        });
    }

    [Test]
    public async Task A_missing_index_is_rebuilt()
    {
        using var fixture = new StoreFixture();
        var record = StoreFixture.Record();
        await using (var log = fixture.Log())
        {
            log.TryRecord(record);
        }

        File.Delete(Directory.GetFiles(fixture.ExecutionsPath, "*.idx").Single());

        await using var reopened = fixture.Log();
        Assert.That((await reopened.FindAsync(record.Id))?.Id, Is.EqualTo(record.Id));
        Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.idx"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task An_orphaned_segment_without_any_readable_record_is_quarantined_not_deleted()
    {
        using var fixture = new StoreFixture();
        Directory.CreateDirectory(fixture.ExecutionsPath);
        var orphan = Path.Combine(fixture.ExecutionsPath, SegmentName.Open(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "1-deadbeef"));
        File.WriteAllText(orphan, "this is not json\nneither is this\n");

        await using var log = fixture.Log();
        await log.RunMaintenanceAsync();

        Assert.That(File.Exists(orphan), Is.False);
        Assert.That(File.ReadAllText(Directory.GetFiles(fixture.QuarantinePath).Single()), Does.Contain("this is not json"));
    }

    [Test]
    public async Task A_log_that_still_writes_its_segment_is_not_sealed_by_another_log()
    {
        using var fixture = new StoreFixture();
        await using var writer = fixture.Log();
        writer.TryRecord(StoreFixture.Record());
        await writer.FlushAsync();

        await using var other = fixture.Log();
        await other.RunMaintenanceAsync();

        Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.open.jsonl"), Has.Length.EqualTo(1), "the live writer's segment is left alone");
    }

    private static async Task<List<ExecutionRecord>> WriteSealedThenReopenAsCrashed(StoreFixture fixture, string tail)
    {
        var records = Enumerable.Range(0, 3).Select(i => StoreFixture.Record(n: i)).ToList();
        await using (var log = fixture.Log())
        {
            foreach (var record in records)
            {
                log.TryRecord(record);
            }
        }

        // Turn the sealed segment back into what a killed writer leaves: an open segment, no index, a torn tail.
        var segment = Directory.GetFiles(fixture.ExecutionsPath, "*.jsonl").Single();
        File.Delete(SegmentName.IndexPathFor(segment));
        var open = Path.Combine(fixture.ExecutionsPath, SegmentName.Open(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "1-deadbeef"));
        File.Move(segment, open);
        File.AppendAllText(open, tail, new UTF8Encoding(false));
        return records;
    }

    private static async Task<string> SerializeAsync(ExecutionRecord record)
    {
        using var scratch = new StoreFixture();
        await using (var log = scratch.Log())
        {
            log.TryRecord(record);
        }

        return File.ReadAllText(Directory.GetFiles(scratch.ExecutionsPath, "*.jsonl").Single()).TrimEnd('\n');
    }
}
