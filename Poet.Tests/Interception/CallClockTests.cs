using System.Diagnostics;
using Autofac;
using Poet.Interception;

namespace Poet.Tests.Interception;

/// <summary>A call reads one clock: its start time is the wall-clock time of the timestamp its duration starts from.</summary>
public sealed class CallClockTests
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMilliseconds(5); // two clocks read a few instructions apart

    [Test]
    public void The_wall_clock_time_of_a_timestamp_read_now_is_the_wall_clock_time_now()
    {
        for (var i = 0; i < 1000; i++)
        {
            var before = DateTimeOffset.UtcNow;
            var derived = CallClock.UtcAt(Stopwatch.GetTimestamp());
            var after = DateTimeOffset.UtcNow;

            Assert.That(derived, Is.InRange(before - ClockSkew, after + ClockSkew));
        }
    }

    [Test]
    public void A_recorded_start_lies_between_the_wall_clock_times_around_the_call_and_matches_its_id()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Flaky>().As<IFlaky>().EnablePoet(), recorder: recorder);
        var service = container.Resolve<IFlaky>();
        service.Sync(0);

        var before = DateTimeOffset.UtcNow;
        service.Sync(0);
        var after = DateTimeOffset.UtcNow;

        var record = recorder.Records.Last();
        Assert.Multiple(() =>
        {
            Assert.That(record.StartedAt, Is.InRange(before - ClockSkew, after + ClockSkew));
            Assert.That(record.Id, Is.EqualTo(PoetContext.LastExecutionId));
            Assert.That(record.Id.Value[..10], Is.EqualTo(ExecutionId.New(record.StartedAt).Value[..10]), "the id's time part is the start's millisecond");
        });
    }
}
