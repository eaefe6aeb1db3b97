using Autofac;
using Poet.Tests.Interception;

namespace Poet.Tests.Reliability;

/// <summary>
/// <c>TimeoutMs</c> reaches the caller whatever shape the method has, work that cannot be stopped is abandoned within
/// a bound, and the shape can be refused at resolve time instead.
/// </summary>
public class HangingMethodTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private Hanging _hanging = null!;

    [SetUp]
    public void SetUp() => _hanging = new Hanging();

    [TearDown]
    public void TearDown() => _hanging.Release.Set(); // lets the abandoned attempts end

    [Test]
    public void A_sync_method_without_a_token_that_never_returns_times_out()
    {
        using var container = Build();
        var service = container.Resolve<IHanging>();

        Assert.ThrowsAsync<PoetTimeoutException>(() => Task.Run(() => service.BlocksForever()).WaitAsync(HangGuard));
    }

    [Test]
    public void A_sync_method_that_ignores_its_token_times_out()
    {
        using var container = Build();
        var service = container.Resolve<IHanging>();

        Assert.ThrowsAsync<PoetTimeoutException>(() => Task.Run(() => service.IgnoresToken(CancellationToken.None)).WaitAsync(HangGuard));
    }

    [Test]
    public void A_task_method_that_blocks_before_its_first_await_times_out()
    {
        using var container = Build();
        var service = container.Resolve<IHanging>();

        Assert.ThrowsAsync<PoetTimeoutException>(() => Task.Run(() => service.BlocksBeforeAwaitAsync()).WaitAsync(HangGuard));
    }

    [Test]
    public async Task Abandoned_attempts_are_bounded_and_calls_start_again_when_they_end()
    {
        using var container = Build(o => o.MaxAbandonedAttempts = 2);
        var service = container.Resolve<IHanging>();

        for (var i = 0; i < 2; i++)
        {
            Assert.ThrowsAsync<PoetTimeoutException>(() => Task.Run(() => service.BlocksForever()).WaitAsync(HangGuard));
        }

        var refused = Assert.ThrowsAsync<PoetTimeoutException>(() => Task.Run(() => service.BlocksForever()).WaitAsync(HangGuard));
        Assert.That(refused!.Message, Does.Contain("was not started").And.Contain("MaxAbandonedAttempts = 2"));
        Assert.That(_hanging.Started, Is.EqualTo(2), "the refused call did not start a third hanging thread");

        _hanging.Release.Set();
        await WaitUntilAsync(() => Volatile.Read(ref _hanging.Ended) == 2);
        await WaitUntilAsync(() => ReturnsQuickly(service));
    }

    [Test]
    public void With_RefuseUncancellableTimeouts_resolving_a_timed_method_without_a_token_fails_naming_it()
    {
        var ex = Assert.Throws<Autofac.Core.DependencyResolutionException>(() =>
        {
            using var container = Build(o => o.RefuseUncancellableTimeouts = true); // a registered instance resolves at build
            container.Resolve<IHanging>();
        });
        Assert.That(ex!.ToString(), Does.Contain("IHanging.BlocksForever").And.Contain("RefuseUncancellableTimeouts"));
    }

    private static bool ReturnsQuickly(IHanging service)
    {
        try
        {
            return service.BlocksForever() == 1; // released: returns at once
        }
        catch (PoetTimeoutException)
        {
            return false; // the bound is not free yet
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the condition never became true");
            await Task.Delay(10);
        }
    }

    private IContainer Build(Action<PoetOptions>? configure = null) =>
        PoetTestHost.Build(b => b.RegisterInstance(_hanging).As<IHanging>().EnablePoet(), configure);
}

public interface IHanging
{
    [Poet(TimeoutMs = 100)]
    int BlocksForever();

    [Poet(TimeoutMs = 100)]
    int IgnoresToken(CancellationToken cancellationToken);

    [Poet(TimeoutMs = 100)]
    Task<int> BlocksBeforeAwaitAsync();
}

/// <summary>Methods that hang until the test releases them (so no thread outlives the test).</summary>
public sealed class Hanging : IHanging
{
    public int Started;
    public int Ended;

    public ManualResetEventSlim Release { get; } = new();

    public int BlocksForever()
    {
        Interlocked.Increment(ref Started);
        Release.Wait();
        Interlocked.Increment(ref Ended);
        return 1;
    }

    public int IgnoresToken(CancellationToken cancellationToken)
    {
        Release.Wait(CancellationToken.None); // ignores its token on purpose
        return 1;
    }

    public async Task<int> BlocksBeforeAwaitAsync()
    {
        Release.Wait();
        await Task.Yield();
        return 1;
    }
}
