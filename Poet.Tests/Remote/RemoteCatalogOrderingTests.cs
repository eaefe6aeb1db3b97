using Poet.Remote;

namespace Poet.Tests.Remote;

/// <summary>Sync rounds of the remote catalog never let an older answer overwrite a newer version.</summary>
public class RemoteCatalogOrderingTests
{
    [Test]
    public async Task An_answer_read_before_a_newer_version_was_applied_never_overwrites_it()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        var hold = new HeldAnswer();
        var options = host.ClientOptions(RemoteTestData.TempStore()) with { PollInterval = TimeSpan.FromHours(1), UseVersionEvents = false };
        await using var client = RemoteClient.Create(options, () => new HoldingHandler(hold) { InnerHandler = host.Handler!() });
        client.Catalog.Register(RemoteTestData.Plan());
        Assert.That(await client.Catalog.SyncOnceAsync(), Is.True);
        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 4.0 } });

        hold.Arm(); // the next answer about the current version (version 2) is held back after it was read
        var slow = client.Catalog.SyncOnceAsync();
        await hold.Captured.WaitAsync(TimeSpan.FromSeconds(10));
        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 5.0 } });
        var fast = client.Catalog.SyncOnceAsync(); // reads version 3
        await Task.WhenAny(fast, Task.Delay(TimeSpan.FromSeconds(1))); // done unless rounds wait for each other
        hold.Release();
        await Task.WhenAll(slow, fast).WaitAsync(TimeSpan.FromSeconds(20));

        var current = client.Catalog.GetCurrent(RemoteTestData.FunctionId);
        Assert.That((current.Version, current.Parameters["threshold"]), Is.EqualTo((3, 5.0)));
    }

    private sealed class HeldAnswer
    {
        private readonly TaskCompletionSource _captured = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Captured => _captured.Task;

        public Task Released => _released.Task;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _released.TrySetResult();

        public bool TakeTurn() => Interlocked.Exchange(ref _armed, 0) == 1;

        public void Capture() => _captured.TrySetResult();
    }

    private sealed class HoldingHandler(HeldAnswer hold) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/current", StringComparison.Ordinal) && hold.TakeTurn())
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                hold.Capture();
                await hold.Released;
            }

            return response;
        }
    }
}
