using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

public sealed class SegmentOffsetsTests
{
    private static UInt128 Key(long ms, ulong random) => ((UInt128)(ulong)ms << 80) | random;

    [Test]
    public void Ids_spread_over_many_chunks_are_found_and_unknown_ids_are_not()
    {
        using var offsets = new SegmentOffsets();
        var count = (SegmentOffsets.ChunkSize * 3) + 17;
        for (var i = 0; i < count; i++)
        {
            offsets.Add(Key(1_000 + (i / 100), (ulong)i), i * 10L);
        }

        Assert.That(offsets.Count, Is.EqualTo(count));
        foreach (var i in new[] { 0, 1, SegmentOffsets.ChunkSize - 1, SegmentOffsets.ChunkSize, count / 2, count - 1 })
        {
            Assert.That(offsets.TryFind(Key(1_000 + (i / 100), (ulong)i), out var offset), Is.True, $"id {i}");
            Assert.That(offset, Is.EqualTo(i * 10L), $"id {i}");
        }

        Assert.That(offsets.TryFind(Key(1_000, 999_999), out _), Is.False, "same time, other id");
        Assert.That(offsets.TryFind(Key(5, 0), out _), Is.False, "a time no chunk holds");
    }

    [Test]
    public void An_id_written_twice_is_found_at_its_last_line_and_ids_out_of_time_order_are_found()
    {
        using var offsets = new SegmentOffsets();
        offsets.Add(Key(2_000, 1), 0);
        for (var i = 0; i < SegmentOffsets.ChunkSize; i++)
        {
            offsets.Add(Key(2_000 + i, (ulong)i + 10), 100 + i);
        }

        offsets.Add(Key(2_000, 1), 99_999);
        offsets.Add(Key(1_500, 7), 123); // an older id arriving late (a slow caller)

        Assert.That(offsets.TryFind(Key(2_000, 1), out var repeated), Is.True);
        Assert.That(repeated, Is.EqualTo(99_999));
        Assert.That(offsets.TryFind(Key(1_500, 7), out var late), Is.True);
        Assert.That(late, Is.EqualTo(123));
    }

    [Test]
    public void Sorted_entries_hold_every_id_in_key_order()
    {
        using var offsets = new SegmentOffsets();
        var random = new Random(3);
        var keys = Enumerable.Range(0, SegmentOffsets.ChunkSize + 500).Select(_ => Key(random.Next(1, 100), (ulong)random.NextInt64())).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            offsets.Add(keys[i], i);
        }

        var sorted = offsets.CopySorted(new SealBuffers().Entries(offsets.Count)).ToArray();
        Assert.That(sorted.Select(e => e.Key), Is.EqualTo(keys.Order()));
        Assert.That(sorted.Select(e => keys[(int)e.Offset]), Is.EqualTo(sorted.Select(e => e.Key)), "each key keeps its own offset");
    }

    [Test]
    public void A_disposed_map_is_empty_and_its_chunks_serve_the_next_segment()
    {
        var first = new SegmentOffsets();
        first.Add(Key(1, 1), 5);
        first.Dispose();
        Assert.That(first.Count, Is.Zero);
        Assert.That(first.TryFind(Key(1, 1), out _), Is.False);

        using var next = new SegmentOffsets();
        Assert.That(next.TryFind(Key(1, 1), out _), Is.False, "a reused chunk starts empty");
        next.Add(Key(1, 2), 7);
        Assert.That(next.TryFind(Key(1, 2), out var offset), Is.True);
        Assert.That(offset, Is.EqualTo(7));
        Assert.That(next.TryFind(Key(1, 1), out _), Is.False, "nothing left over from the last segment");
    }
}
