using System.Text;
using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

/// <summary>
/// <see cref="IExecutionStore.ListRecentAsync"/> in the file store and the in-memory store: a function's newest executions,
/// newest first, bounded by a count and a start time, the other functions' calls left out.
/// </summary>
public class RecentExecutionsTests
{
    private const string Other = "IOther.Run";

    [Test]
    public async Task The_file_store_lists_a_functions_newest_calls_newest_first_including_calls_not_yet_written()
    {
        using var fixture = new StoreFixture();
        await using var log = fixture.Log();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var mine = new List<ExecutionRecord>();
        for (var i = 0; i < 60; i++)
        {
            var record = StoreFixture.Record(start.AddMilliseconds(i), i);
            if (i % 3 == 0)
            {
                mine.Add(record);
                log.TryRecord(record);
            }
            else
            {
                log.TryRecord(record with { FunctionId = Other });
            }
        }

        var recent = await log.ListRecentAsync("IDriftDetector.Detect", 5);

        Assert.That(recent.Select(r => r.Id), Is.EqualTo(mine.AsEnumerable().Reverse().Take(5).Select(r => r.Id)), "no flush was awaited: listing writes the queue first");
        Assert.That(recent[0].Arguments["n"]?.ToString(), Is.EqualTo("57"), "the records read back whole");
    }

    [Test]
    public async Task The_file_store_finds_old_calls_of_a_rare_function_across_sealed_segments_after_a_restart()
    {
        using var fixture = new StoreFixture();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var rare = Enumerable.Range(0, 4).Select(i => StoreFixture.Record(start.AddMilliseconds(i), i)).ToList();
        ExecutionRecord last = rare[^1];

        // Three sessions: closing the log seals its segment, so the rare function's calls end up two segments back.
        for (var session = 0; session < 3; session++)
        {
            await using var log = fixture.Log();
            if (session == 0)
            {
                await log.AppendAsync(rare);
            }

            var others = Enumerable.Range(0, 300).Select(i => StoreFixture.Record(start.AddSeconds(1 + session).AddMilliseconds(i), i) with { FunctionId = Other }).ToList();
            await log.AppendAsync(others);
            last = others[^1];
        }

        Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.idx").Length, Is.EqualTo(3), "three sealed segments");

        await using var restarted = fixture.Log();
        Assert.Multiple(async () =>
        {
            Assert.That((await restarted.ListRecentAsync("IDriftDetector.Detect", 3)).Select(r => r.Id), Is.EqualTo(new[] { rare[3].Id, rare[2].Id, rare[1].Id }));
            Assert.That((await restarted.ListRecentAsync(Other, 1)).Single().Id, Is.EqualTo(last.Id));
            Assert.That((await restarted.ListRecentAsync(Other, 400)).Count, Is.EqualTo(400), "read across segments, newest first");
            Assert.That(await restarted.ListRecentAsync("IDriftDetector.Detect", 3, since: start.AddMilliseconds(5)), Is.Empty, "older than since");
            Assert.That((await restarted.ListRecentAsync("IDriftDetector.Detect", 10, since: start.AddMilliseconds(2))).Count, Is.EqualTo(2));
            Assert.That(await restarted.ListRecentAsync("INever.Called", 10), Is.Empty);
        });
    }

    [Test]
    public async Task The_file_store_matches_a_function_id_that_json_escapes()
    {
        using var fixture = new StoreFixture();
        await using var log = fixture.Log();
        const string odd = "Ns.Ünïcode\"Fn<T>";
        var record = StoreFixture.Record() with { FunctionId = odd };
        log.TryRecord(record);
        log.TryRecord(StoreFixture.Record() with { FunctionId = "Ns.Ünïcode" });

        var recent = await log.ListRecentAsync(odd, 10);

        Assert.That(recent.Select(r => r.FunctionId), Is.EqualTo(new[] { odd }));
    }

    [Test]
    public void The_tail_reader_returns_complete_lines_last_first_and_skips_a_torn_last_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            var long1 = new string('x', 150_000); // longer than a read block
            File.WriteAllText(path, $"first\n{long1}\n\nthird\ntorn-without-newline");
            var lines = new List<(long Offset, string Text)>();

            LogTail.ForEachLineBackward(path, (offset, line) =>
            {
                lines.Add((offset, Encoding.UTF8.GetString(line)));
                return true;
            });

            Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "third", long1, "first" }));
            Assert.That(lines.Select(l => l.Offset), Is.EqualTo(new long[] { 6 + long1.Length + 2, 6, 0 }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_tail_reader_stops_when_told()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "a\nb\nc\n");
            var lines = new List<string>();

            LogTail.ForEachLineBackward(path, (_, line) =>
            {
                lines.Add(Encoding.UTF8.GetString(line));
                return lines.Count < 2;
            });

            Assert.That(lines, Is.EqualTo(new[] { "c", "b" }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task The_in_memory_store_lists_newest_first_within_its_capacity_and_since()
    {
        var store = new InMemoryExecutionStore(capacity: 8);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var mine = new List<ExecutionRecord>();
        for (var i = 0; i < 12; i++)
        {
            var record = StoreFixture.Record(start.AddSeconds(i), i);
            if (i % 2 == 0)
            {
                mine.Add(record);
                store.TryRecord(record);
            }
            else
            {
                store.TryRecord(record with { FunctionId = Other });
            }
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await store.ListRecentAsync("IDriftDetector.Detect", 10)).Select(r => r.Id),
                Is.EqualTo(mine.AsEnumerable().Reverse().Take(4).Select(r => r.Id)), "the oldest calls were forgotten at capacity 8");
            Assert.That((await store.ListRecentAsync("IDriftDetector.Detect", 2)).Select(r => r.Id), Is.EqualTo(new[] { mine[5].Id, mine[4].Id }));
            Assert.That((await store.ListRecentAsync("IDriftDetector.Detect", 10, since: start.AddSeconds(7))).Select(r => r.Id), Is.EqualTo(new[] { mine[5].Id, mine[4].Id }));
            Assert.That((await store.ListRecentAsync(Other, 1)).Single().Arguments["n"], Is.EqualTo(11));
            Assert.That(await store.ListRecentAsync("INever.Called", 1), Is.Empty);
        });
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListRecentAsync("IDriftDetector.Detect", 0));
    }
}
