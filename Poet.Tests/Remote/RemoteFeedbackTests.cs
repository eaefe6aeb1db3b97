using System.Diagnostics;
using Moq;
using Poet.Remote;

namespace Poet.Tests.Remote;

public class RemoteFeedbackTests
{
    [Test]
    public async Task Feedback_on_a_result_object_reaches_the_service_which_trains_and_the_catalog_follows()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore()), host.Handler);
        client.Catalog.Register(RemoteTestData.Plan());
        Assert.That(await client.Catalog.SyncOnceAsync(), Is.True);
        var report = new DriftReportStub(true);
        var record = RemoteTestData.Record(result: report);
        client.Recorder.TryRecord(record);
        client.Links.Link(report, record.Id);

        // Sent at once: the record is still in the client's buffer; feedback flushes it first.
        var outcome = await client.Feedback.FeedbackAsync(report, "False alarm - that was a seasonal dip.");

        Assert.That(outcome.ExecutionId, Is.EqualTo(record.Id));
        Assert.That(outcome.FunctionId, Is.EqualTo(RemoteTestData.FunctionId));
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        Assert.That(outcome.Signal.Verdict, Is.EqualTo(FeedbackVerdict.FalsePositive));
        Assert.That(outcome.Changes.Single().NewValue, Is.EqualTo(3.5));
        await RemoteCatalogTests.WaitUntil(() => client.Catalog.GetCurrent(RemoteTestData.FunctionId).Version == 2, TimeSpan.FromSeconds(2));
        host.Feedback.Verify(f => f.FeedbackAsync(record.Id, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Feedback_on_an_unknown_execution_says_so_and_on_an_unlinked_object_says_how_to_fix_it()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore()), host.Handler);

        var unknown = Assert.ThrowsAsync<PoetFeedbackException>(() => client.Feedback.FeedbackAsync(ExecutionId.New(), "bad"));
        var unlinked = Assert.ThrowsAsync<PoetFeedbackException>(() => client.Feedback.FeedbackAsync(new DriftReportStub(false), "bad"));

        Assert.That(unknown!.Message, Does.Contain("No execution"));
        Assert.That(unlinked!.Message, Does.Contain("PoetContext.LastExecutionId"));
    }

    [Test]
    public async Task A_wrong_key_gives_an_unauthorized_error_naming_AITOMATIC_API_KEY()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore(), apiKey: "wrong"), host.Handler);

        var error = Assert.ThrowsAsync<PoetServiceException>(() => client.Feedback.FeedbackAsync(ExecutionId.New(), 4));

        Assert.That(error!.Message, Does.StartWith("Unauthorized"));
        Assert.That(error.Message, Does.Contain("AITOMATIC_API_KEY"));
        Assert.That(error.Message, Does.Contain(host.BaseAddress.Host));
    }

    [Test]
    public async Task Feedback_while_the_service_is_down_fails_fast_with_the_url_and_the_cause()
    {
        var down = new Uri($"http://127.0.0.1:{RemoteTestHost.FreePort()}/");
        await using var client = RemoteClient.Create(RemoteTestHost.TestOptions(down, RemoteTestData.TempStore()));

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<PoetServiceException>(() => client.Feedback.FeedbackAsync(ExecutionId.New(), "too many alerts"));
        watch.Stop();

        Assert.That(error!.Message, Does.Contain($"http://127.0.0.1:{down.Port}/poet/feedback"));
        Assert.That(error.Message, Does.Contain("could not be reached").And.Contain("refused").IgnoreCase);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task Feedback_while_the_service_is_down_fails_fast_even_with_executions_buffered()
    {
        var down = new Uri($"http://127.0.0.1:{RemoteTestHost.FreePort()}/");
        await using var client = RemoteClient.Create(RemoteTestHost.TestOptions(down, RemoteTestData.TempStore()) with { RequestTimeout = TimeSpan.FromSeconds(10) });
        var record = RemoteTestData.Record();
        client.Recorder.TryRecord(record);

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<PoetServiceException>(() => client.Feedback.FeedbackAsync(record.Id, "too many alerts"));
        watch.Stop();

        Assert.That(error!.Message, Does.Contain(down.Authority));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task Functions_are_listed_read_and_rolled_back_on_the_service()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore()), host.Handler);
        client.Catalog.Register(RemoteTestData.Plan());
        await client.Catalog.SyncOnceAsync();
        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 4.0 } });

        var list = client.Functions.List();
        var info = client.Functions.Get(RemoteTestData.FunctionId);
        await client.Functions.RollbackAsync(RemoteTestData.FunctionId, 1);

        Assert.That(list.Single().FunctionId, Is.EqualTo(RemoteTestData.FunctionId));
        Assert.That(info.CurrentVersion, Is.EqualTo(2));
        Assert.That(info.Versions, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(info.Parameters["threshold"], Is.EqualTo(4.0));
        Assert.That(host.Store.GetCurrent(RemoteTestData.FunctionId)!.Version, Is.EqualTo(1));
        Assert.Throws<KeyNotFoundException>(() => client.Functions.Get("INope.Nothing"));
        Assert.ThrowsAsync<KeyNotFoundException>(() => client.Functions.RollbackAsync(RemoteTestData.FunctionId, 9));
    }

    [Test]
    public void Exceptions_and_unserializable_payloads_still_make_a_feedback_body()
    {
        var id = ExecutionId.New();
        var fromException = System.Text.Encoding.UTF8.GetString(FeedbackBody.Serialize(id, new InvalidOperationException("it missed the spike")));
        var cyclic = new Node();
        cyclic.Next = cyclic;
        var fromCycle = System.Text.Encoding.UTF8.GetString(FeedbackBody.Serialize(id, cyclic));

        Assert.That(fromException, Does.Contain("it missed the spike").And.Contain(id.Value));
        Assert.That(fromCycle, Does.Contain(id.Value));
    }

    internal sealed record DriftReportStub(bool Drift);

    private sealed class Node
    {
        public Node? Next { get; set; }
    }
}
