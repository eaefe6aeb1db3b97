using Autofac;
using Poet.Remote;

namespace Poet.Tests.Remote;

/// <summary>
/// Feedback for an execution that is still in the client's upload buffer (or on its way) must not fail: the client
/// sends the buffer and asks again, whatever other requests report meanwhile.
/// </summary>
public class RemoteFeedbackBufferTests
{
    [Test]
    public async Task Feedback_for_an_execution_still_on_its_way_waits_for_it_even_when_other_requests_report_the_service_down()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        var uploads = new UploadGate();
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore()), () => new UploadGateHandler(uploads, host.Handler!()));
        client.Catalog.Register(RemoteTestData.Plan());
        Assert.That(await client.Catalog.SyncOnceAsync(), Is.True);
        var record = RemoteTestData.Record();
        client.Recorder.TryRecord(record);
        await uploads.Arrived.Task; // the record's batch is on its way and held there

        // Another request (say, a catalog poll sent while the service restarted) reported the service down: the
        // feedback skips its first flush and the service does not know the execution yet.
        var monitor = client.Container.Resolve<RemoteConnectionMonitor>();
        var down = new PoetServiceException("The POET service could not be reached (a stand-in for a failed poll).");
        monitor.ReportFailure(down);
        var feedback = client.Feedback.FeedbackAsync(record.Id, "False alarm - that was a seasonal dip.");
        Assert.That(await PollUntil(() => host.Feedback.Invocations.Count == 1 || feedback.IsCompleted), Is.True);

        // While the client waits for its buffer, more stale failures arrive; then the upload goes through.
        for (var i = 0; i < 20 && !feedback.IsCompleted; i++)
        {
            monitor.ReportFailure(down);
            await Task.Delay(10);
        }

        uploads.Release();
        var outcome = await feedback;

        Assert.That(outcome.ExecutionId, Is.EqualTo(record.Id));
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        Assert.That(host.Feedback.Invocations, Has.Count.EqualTo(2), "asked once before the upload and once after it");
        Assert.That(await host.Executions.FindAsync(record.Id), Is.Not.Null);
    }

    [Test]
    public async Task Feedback_for_an_id_the_service_never_got_still_fails_with_the_services_message()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore()), host.Handler);
        client.Recorder.TryRecord(RemoteTestData.Record());

        var error = Assert.ThrowsAsync<PoetFeedbackException>(() => client.Feedback.FeedbackAsync(ExecutionId.New(), "bad"));

        Assert.That(error!.Message, Does.Contain("No execution"));
        Assert.That(host.Feedback.Invocations, Has.Count.EqualTo(2), "asked again once after sending the buffer");
    }

    private static async Task<bool> PollUntil(Func<bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    /// <summary>Holds execution uploads until released; says when the first one arrived.</summary>
    private sealed class UploadGate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Open => _open.Task;

        public void Release() => _open.TrySetResult();
    }

    private sealed class UploadGateHandler(UploadGate gate, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.StartsWith(RemoteRoutes.Executions, StringComparison.Ordinal) == true)
            {
                gate.Arrived.TrySetResult();
                await gate.Open.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
