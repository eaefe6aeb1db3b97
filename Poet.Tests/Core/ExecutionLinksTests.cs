using System.Runtime.CompilerServices;

namespace Poet.Tests.Core;

/// <summary>Result objects stay linked to their executions while they live, and the links keep nothing alive.</summary>
public sealed class ExecutionLinksTests
{
    [Test]
    public void A_linked_result_finds_its_execution_and_an_unlinked_object_finds_none()
    {
        var links = new ExecutionLinks();
        var result = new Report(1);
        var id = ExecutionId.New();

        links.Link(result, id);

        Assert.That(links.TryGet(result, out var found), Is.True);
        Assert.That(found, Is.EqualTo(id));
        Assert.That(links.TryGet(new Report(1), out var none), Is.False, "an equal copy is not the returned object");
        Assert.That(none, Is.Null);
    }

    [Test]
    public void Linking_the_same_object_again_points_it_at_the_newer_execution()
    {
        var links = new ExecutionLinks();
        var result = new Report(2);
        links.Link(result, ExecutionId.New());
        var newer = ExecutionId.New();

        links.Link(result, newer);

        Assert.That(links.TryGet(result, out var found) ? found : null, Is.EqualTo(newer));
    }

    [Test]
    public void Value_types_strings_and_null_are_not_linked()
    {
        var links = new ExecutionLinks();
        var id = ExecutionId.New();
        links.Link(null, id);
        links.Link(42, id);
        links.Link("text", id);

        Assert.That(links.TryGet(42, out _), Is.False);
        Assert.That(links.TryGet("text", out _), Is.False);
    }

    [Test]
    public void A_link_does_not_keep_its_result_alive()
    {
        var links = new ExecutionLinks();
        var collected = LinkAndForget(links);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(collected.IsAlive, Is.False);
    }

    [Test]
    public void A_thousand_live_results_all_stay_linked_in_the_default_table()
    {
        var table = new WeakResultTable();
        var live = Enumerable.Range(0, ExecutionLinks.ReachHint).Select(i => new Report(i)).ToArray();
        for (var i = 0; i < live.Length; i++)
        {
            table.Set(live[i], (UInt128)i + 1);
        }

        for (var i = 0; i < live.Length; i++)
        {
            Assert.That(table.TryGet(live[i], out var key) ? key : UInt128.Zero, Is.EqualTo((UInt128)i + 1), $"result {i}");
        }

        Assert.That(table.Capacity, Is.LessThanOrEqualTo(WeakResultTable.MaxSlots));
    }

    [Test]
    public void When_the_table_is_full_of_live_results_the_newest_link_still_holds_and_the_table_stops_growing()
    {
        var table = new WeakResultTable(maxSlots: 64);
        var live = Enumerable.Range(0, 500).Select(i => new Report(i)).ToArray();
        for (var i = 0; i < live.Length; i++)
        {
            table.Set(live[i], (UInt128)i + 1);
            Assert.That(table.TryGet(live[i], out var key) ? key : UInt128.Zero, Is.EqualTo((UInt128)i + 1), $"result {i} right after its link");
        }

        Assert.That(table.Capacity, Is.EqualTo(64));
        var stillLinked = live.Count(r => table.TryGet(r, out _));
        Assert.That(stillLinked, Is.InRange(1, 64));
    }

    [Test]
    public void Slots_of_collected_results_are_reused_without_growing()
    {
        var table = new WeakResultTable(maxSlots: 16_384);
        for (var round = 0; round < 20; round++)
        {
            LinkGarbage(table, 300);
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // 6,000 links would need 8,192 slots or more if dead results kept theirs.
        Assert.That(table.Capacity, Is.LessThanOrEqualTo(2048), "dead results leave their slots free");
        var live = new Report(-1);
        table.Set(live, 7);
        Assert.That(table.TryGet(live, out var key) ? key : UInt128.Zero, Is.EqualTo((UInt128)7));
    }

    [Test]
    public void Links_made_from_many_threads_at_once_are_all_found()
    {
        var links = new ExecutionLinks();
        var pairs = Enumerable.Range(0, 1_000).Select(i => (Result: new Report(i), Id: ExecutionId.New())).ToArray();

        Parallel.ForEach(pairs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, p => links.Link(p.Result, p.Id));

        foreach (var (result, id) in pairs)
        {
            Assert.That(links.TryGet(result, out var found) ? found : null, Is.EqualTo(id));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LinkAndForget(ExecutionLinks links)
    {
        var result = new Report(3);
        links.Link(result, ExecutionId.New());
        return new WeakReference(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LinkGarbage(WeakResultTable table, int count)
    {
        for (var i = 0; i < count; i++)
        {
            table.Set(new Report(i), (UInt128)i + 1);
        }
    }

    private sealed record Report(int Value);
}
