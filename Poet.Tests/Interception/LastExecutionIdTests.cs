using Autofac;

namespace Poet.Tests.Interception;

/// <summary>
/// <see cref="PoetContext.LastExecutionId"/> names the last POET call of the current async flow: for sync callers,
/// parallel flows, child tasks and nested POET calls (a sync call's object is reused by the thread's next call).
/// </summary>
public sealed class LastExecutionIdTests
{
    [Test]
    public void A_sync_caller_finds_each_calls_own_id_right_after_it()
    {
        var recorder = new CapturingRecorder();
        using var container = Build(recorder);
        var flow = container.Resolve<IFlowService>();

        var ids = new List<ExecutionId>();
        for (var i = 0; i < 5; i++)
        {
            flow.Next(i);
            ids.Add(PoetContext.LastExecutionId!.Value);
        }

        Assert.That(ids.Distinct().Count(), Is.EqualTo(5));
        Assert.That(recorder.Records.Select(r => r.Id), Is.EqualTo(ids), "each record carries the id the caller saw");
        Assert.That(recorder.Records.Select(r => (int)r.Arguments["x"]!), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public async Task Parallel_flows_each_see_their_own_last_call()
    {
        var recorder = new CapturingRecorder();
        using var container = Build(recorder);
        var flow = container.Resolve<IFlowService>();
        flow.Next(-1); // the parent flow has a last id before it forks

        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<(int X, ExecutionId Id)>();
            for (var i = 0; i < 50; i++)
            {
                var x = (worker * 1000) + i;
                flow.Next(x);
                var afterSync = PoetContext.LastExecutionId!.Value;
                await Task.Yield(); // other flows run on this thread meanwhile
                Assert.That(PoetContext.LastExecutionId, Is.EqualTo(afterSync), "another flow's call changed this flow's last id");
                mine.Add((x, afterSync));
            }

            return mine;
        })));

        var byId = recorder.Records.ToDictionary(r => r.Id, r => (int)r.Arguments["x"]!);
        Assert.That(seen.SelectMany(s => s).All(s => byId[s.Id] == s.X), Is.True, "every flow's last id names the call it made");
    }

    [Test]
    public async Task A_child_tasks_calls_do_not_change_the_parents_last_id_and_the_child_starts_with_the_parents()
    {
        using var container = Build(new CapturingRecorder());
        var flow = container.Resolve<IFlowService>();
        flow.Next(1);
        var parents = PoetContext.LastExecutionId;

        var (atStart, afterOwn) = await Task.Run(() =>
        {
            var start = PoetContext.LastExecutionId;
            flow.Next(2);
            return (start, PoetContext.LastExecutionId);
        });

        Assert.Multiple(() =>
        {
            Assert.That(atStart, Is.EqualTo(parents));
            Assert.That(afterOwn, Is.Not.EqualTo(parents));
            Assert.That(PoetContext.LastExecutionId, Is.EqualTo(parents));
        });
    }

    [Test]
    public async Task An_async_call_sets_the_id_in_the_callers_flow()
    {
        var recorder = new CapturingRecorder();
        using var container = Build(recorder);
        var flow = container.Resolve<IFlowService>();

        await flow.NextAsync(7);

        Assert.That(PoetContext.LastExecutionId, Is.EqualTo(recorder.Single("IFlowService.NextAsync").Id));
    }

    [Test]
    public void A_poet_call_made_inside_another_gets_its_own_id_and_record_and_the_caller_sees_the_outer_one()
    {
        var recorder = new CapturingRecorder();
        using var container = Build(recorder);
        var flow = container.Resolve<IFlowService>();

        var result = flow.Outer(3);
        var last = PoetContext.LastExecutionId;
        flow.Next(4); // the thread's reused call object still works after nesting

        var outer = recorder.Single("IFlowService.Outer");
        var inner = recorder.Single("IInnerService.Inner");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(31));
            Assert.That(last, Is.EqualTo(outer.Id));
            Assert.That(inner.Id, Is.Not.EqualTo(outer.Id));
            Assert.That(outer.Result, Is.EqualTo(31));
            Assert.That(inner.Result, Is.EqualTo(30));
            Assert.That(outer.Arguments["x"], Is.EqualTo(3));
            Assert.That(inner.Arguments["x"], Is.EqualTo(3));
            Assert.That(recorder.Single("IFlowService.Next").Arguments["x"], Is.EqualTo(4));
        });
    }

    [Test]
    public void A_failed_sync_call_still_sets_its_id_and_the_next_call_gets_a_fresh_one()
    {
        var recorder = new CapturingRecorder();
        using var container = Build(recorder);
        var flow = container.Resolve<IFlowService>();

        Assert.Throws<InvalidOperationException>(() => flow.Fail(1));
        var failed = PoetContext.LastExecutionId;
        flow.Next(2);

        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.EqualTo(recorder.Single("IFlowService.Fail").Id));
            Assert.That(recorder.Single("IFlowService.Fail").Outcome, Is.EqualTo(ExecutionOutcome.Failed));
            Assert.That(recorder.Single("IFlowService.Next").Attempts, Is.EqualTo(1));
            Assert.That(recorder.Single("IFlowService.Next").Outcome, Is.EqualTo(ExecutionOutcome.Success));
            Assert.That(PoetContext.LastExecutionId, Is.EqualTo(recorder.Single("IFlowService.Next").Id));
        });
    }

    private static IContainer Build(CapturingRecorder recorder) => PoetTestHost.Build(
        b =>
        {
            b.RegisterType<InnerService>().As<IInnerService>().EnablePoet();
            b.RegisterType<FlowService>().As<IFlowService>().EnablePoet();
        },
        recorder: recorder);
}

public interface IFlowService
{
    [Poet(Retries = 2)]
    int Next(int x);

    [Poet(Retries = 1)]
    Task<int> NextAsync(int x);

    [Poet]
    int Outer(int x);

    [Poet(Retries = 1)]
    int Fail(int x);
}

public interface IInnerService
{
    [Poet(Retries = 1)]
    int Inner(int x);
}

public sealed class FlowService(IInnerService inner) : IFlowService
{
    public int Next(int x) => x;

    public async Task<int> NextAsync(int x)
    {
        await Task.Yield();
        return x;
    }

    public int Outer(int x) => inner.Inner(x) + 1;

    public int Fail(int x) => throw new InvalidOperationException("always");
}

public sealed class InnerService : IInnerService
{
    public int Inner(int x) => x * 10;
}
