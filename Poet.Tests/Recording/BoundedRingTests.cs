using Poet.Tests.Storage;

namespace Poet.Tests.Recording;

public sealed class BoundedRingTests
{
    [Test]
    public void Capacity_is_rounded_up_to_a_power_of_two_and_a_bad_one_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new BoundedRing<string>(1).Capacity, Is.EqualTo(1));
            Assert.That(new BoundedRing<string>(5).Capacity, Is.EqualTo(8));
            Assert.That(new BoundedRing<string>(65_536).Capacity, Is.EqualTo(65_536));
            Assert.That(new BoundedRing<string>(int.MaxValue).Capacity, Is.EqualTo(BoundedRing<string>.MaxCapacity));
            Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedRing<string>(0));
        });
    }

    [Test]
    public void A_full_ring_refuses_the_item_and_takes_again_once_one_is_taken()
    {
        var ring = new BoundedRing<string>(4);
        for (var i = 0; i < 4; i++)
        {
            Assert.That(ring.TryEnqueue($"item {i}"), Is.True);
        }

        Assert.That(ring.TryEnqueue("one too many"), Is.False);
        Assert.That(ring.TryDequeue(out var first), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("item 0"));
            Assert.That(ring.TryEnqueue("item 4"), Is.True, "the freed slot is used again");
            Assert.That(ring.TryEnqueue("item 5"), Is.False);
            Assert.That(ring.Enqueued, Is.EqualTo(5));
            Assert.That(ring.Taken, Is.EqualTo(1));
        });
    }

    [Test]
    public void Items_come_out_in_order_across_many_rounds_and_an_empty_ring_gives_nothing()
    {
        var ring = new BoundedRing<string>(4);
        var taken = new List<string>();
        for (var round = 0; round < 100; round++)
        {
            Assert.That(ring.TryEnqueue($"{round}a"), Is.True);
            Assert.That(ring.TryEnqueue($"{round}b"), Is.True);
            Assert.That(ring.TryEnqueue($"{round}c"), Is.True);
            while (ring.TryDequeue(out var item))
            {
                taken.Add(item);
            }

            Assert.That(ring.HasReady, Is.False);
        }

        Assert.Multiple(() =>
        {
            Assert.That(taken, Has.Count.EqualTo(300));
            Assert.That(taken[0], Is.EqualTo("0a"));
            Assert.That(taken[298], Is.EqualTo("99b"));
            Assert.That(taken[299], Is.EqualTo("99c"));
            Assert.That(ring.Taken, Is.EqualTo(300), "positions went round the 4 slots 75 times");
        });
    }

    [Test]
    public void Many_producers_hand_over_every_item_once_each_in_its_own_order()
    {
        const int producers = 4;
        const int perProducer = 20_000;
        var ring = new BoundedRing<Tuple<int, int>>(64);
        using var start = new Barrier(producers);
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perProducer; i++)
            {
                var item = Tuple.Create(p, i);
                var spin = new SpinWait();
                while (!ring.TryEnqueue(item))
                {
                    spin.SpinOnce(); // full: the consumer makes room
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());

        var next = new int[producers];
        var outOfOrder = 0;
        var received = 0;
        var consumerSpin = new SpinWait();
        while (received < producers * perProducer)
        {
            if (!ring.TryDequeue(out var item))
            {
                consumerSpin.SpinOnce();
                continue;
            }

            outOfOrder += item.Item2 == next[item.Item1] ? 0 : 1;
            next[item.Item1] = item.Item2 + 1;
            received++;
        }

        threads.ForEach(t => t.Join());
        Assert.Multiple(() =>
        {
            Assert.That(outOfOrder, Is.Zero, "each producer's items come out in the order it put them in");
            Assert.That(next, Is.All.EqualTo(perProducer));
            Assert.That(ring.TryDequeue(out _), Is.False, "nothing is left over or duplicated");
        });
    }

    [Test]
    public async Task Block_mode_callers_waiting_on_a_small_ring_are_woken_and_every_record_is_written()
    {
        var sink = new GateSink(open: true);
        var options = new PoetOptions { RecorderCapacity = 4, RecordingOverflow = RecordingOverflowMode.Block, RecordingMaxDelay = null };
        var recorder = new ExecutionRecorder(sink, options);
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var accepted = 0;
            for (var i = 0; i < 500; i++)
            {
                accepted += recorder.TryRecord(StoreFixture.Record()) ? 1 : 0;
            }

            return accepted;
        })).ToArray();

        var accepted = await Task.WhenAll(callers);
        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.All.EqualTo(500), "no caller was turned away");
            Assert.That(sink.Lines, Has.Count.EqualTo(2_000), "the ring of 4 slots went round 500 times and lost nothing");
            Assert.That(recorder.DroppedCount, Is.Zero);
        });
    }

    [Test]
    public async Task A_flush_waits_for_the_records_accepted_before_it()
    {
        var sink = new GateSink(open: false);
        var recorder = new ExecutionRecorder(sink, new PoetOptions { RecordingMaxDelay = null });
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        sink.Entered.Wait(); // the writer holds the first record inside the store's write
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        var flush = recorder.FlushAsync();
        Assert.That(flush.IsCompleted, Is.False);

        sink.Open();
        await flush;
        Assert.That(sink.Lines, Has.Count.EqualTo(3), "the flush completes after the records before it are written");
        await recorder.DisposeAsync();
    }
}
