using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Poet.Remote;
using Poet.Tests.Learning;
using PoetServer;

namespace Poet.Tests.Cli;

public class IdempotentFeedbackTests
{
    [Test]
    public async Task The_same_feedback_on_the_same_execution_twice_is_applied_once()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var report = h.Detect(score: 3.9);

        var first = await h.Feedback.FeedbackAsync(report, "False alarm - that was a seasonal dip.");
        var second = await h.Feedback.FeedbackAsync(report, "False alarm - that was a seasonal dip.");

        Assert.That(first.NewVersion, Is.EqualTo(2));
        Assert.That(first.AlreadyApplied, Is.False);
        Assert.That(second.AlreadyApplied, Is.True);
        Assert.That(second.NewVersion, Is.EqualTo(2), "the repeat answers what the first delivery did");
        Assert.That(second.FeedbackId, Is.EqualTo(first.FeedbackId));
        Assert.That(h.Functions.GetVersions(LearningHarness.DetectorId), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(await h.FeedbackStore.ListAsync(LearningHarness.DetectorId), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Different_feedback_on_the_same_execution_is_applied_each_time()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var report = h.Detect(score: 3.9);

        await h.Feedback.FeedbackAsync(report, "False alarm - that was a seasonal dip.");
        var other = await h.Feedback.FeedbackAsync(report, "Still a false alarm, raise it more.");

        Assert.That(other.AlreadyApplied, Is.False);
        Assert.That(await h.FeedbackStore.ListAsync(LearningHarness.DetectorId), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_caller_key_makes_a_redelivery_apply_nothing_again_whatever_its_payload()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var id = h.Record(LearningHarness.DetectorId, new DriftReport(3.9, true)).Id;
        var key = new FeedbackOptions { IdempotencyKey = "TICKET-4711" };

        var first = await h.Feedback.FeedbackAsync(id, "False alarm.", key);
        var again = await h.Feedback.FeedbackAsync(id, "false alarm!!", key);

        Assert.That(again.AlreadyApplied, Is.True);
        Assert.That(first.FeedbackId, Is.EqualTo(FeedbackKeys.IdFor("TICKET-4711")));
        var stored = await h.FeedbackStore.FindByIdempotencyKeyAsync("TICKET-4711");
        Assert.That(stored!.RawJson, Is.EqualTo("\"False alarm.\""), "the first delivery is kept verbatim");
        Assert.That(h.Functions.GetVersions(LearningHarness.DetectorId), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_key_reused_for_another_execution_is_refused_with_how_to_fix_it()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var first = h.Record(LearningHarness.DetectorId, new DriftReport(3.9, true));
        var second = h.Record(LearningHarness.DetectorId, new DriftReport(3.8, true));
        var key = new FeedbackOptions { IdempotencyKey = "row-1" };
        await h.Feedback.FeedbackAsync(first.Id, "false alarm", key);

        var error = Assert.ThrowsAsync<ArgumentException>(() => h.Feedback.FeedbackAsync(second.Id, "false alarm", key));

        Assert.That(error!.Message, Does.Contain("row-1").And.Contain(first.Id.Value).And.Contain("its own key"));
    }

    [Test]
    public async Task Concurrent_deliveries_of_one_key_apply_it_once()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var record = h.Record(LearningHarness.DetectorId, new DriftReport(3.9, true));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            h.Feedback.FeedbackAsync(record.Id, "false alarm", new FeedbackOptions { IdempotencyKey = "retry-me" }))));

        Assert.That(outcomes.Count(o => !o.AlreadyApplied), Is.EqualTo(1));
        Assert.That(h.Functions.GetVersions(LearningHarness.DetectorId), Has.Count.EqualTo(2));
    }

    [Test]
    public void Bad_keys_are_refused_with_what_is_wrong()
    {
        Assert.That(FeedbackKeys.Problem(" "), Does.Contain("empty"));
        Assert.That(FeedbackKeys.Problem(new string('k', FeedbackKeys.MaxLength + 1)), Does.Contain("at most"));
        Assert.That(FeedbackKeys.Problem("a\tb"), Does.Contain("control characters"));
        Assert.That(FeedbackKeys.Problem("TICKET-1"), Is.Null);
        Assert.That(ExecutionId.TryParse(FeedbackKeys.IdFor("TICKET-1"), out _), Is.True, "feedback ids keep the id format");
        var id = FeedbackKeys.IdFor("TICKET-1");
        Assert.That(FeedbackKeys.IdFor("TICKET-1"), Is.EqualTo(id), "the same key names the same id");
        Assert.That(FeedbackKeys.IdFor("TICKET-2"), Is.Not.EqualTo(id));
    }

    [Test]
    public async Task The_file_store_finds_feedback_by_key_after_it_is_reopened()
    {
        var path = TempStore.NewPath();
        var record = new FeedbackRecord
        {
            Id = FeedbackKeys.IdFor("T-1"),
            IdempotencyKey = "T-1",
            ExecutionId = ExecutionId.New(),
            FunctionId = StoreSeed.FunctionId,
            ReceivedAt = DateTimeOffset.UtcNow,
            RawJson = "\"false alarm\"",
        };
        await using (var store = PoetFileStore.Open(new PoetOptions { StorePath = path }))
        {
            await store.Feedback.SaveManyAsync([record]);
        }

        await using var reopened = PoetFileStore.Open(new PoetOptions { StorePath = path });
        var found = await reopened.Feedback.FindByIdempotencyKeyAsync("T-1");

        Assert.That(found!.Id, Is.EqualTo(record.Id));
        Assert.That(found.IdempotencyKey, Is.EqualTo("T-1"));
        Assert.That(await reopened.Feedback.FindByIdempotencyKeyAsync("T-2"), Is.Null);
        Assert.Throws<ArgumentException>(() => reopened.Feedback.SaveAsync(record with { Id = ExecutionId.New().Value }).GetAwaiter().GetResult());
    }

    [Test]
    public async Task The_service_applies_a_post_with_an_Idempotency_Key_once_and_says_so_on_the_repeat()
    {
        var (path, ids) = await StoreSeed.CreateAsync(executions: 2);
        await using var factory = PoetServer(path);
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add(RemoteRoutes.ApiKeyHeader, ServerKey);

        var first = await PostAsync(http, ids[0], "false alarm", "TICKET-9");
        var repeat = await PostAsync(http, ids[0], "false alarm", "TICKET-9");
        using var conflict = await http.SendAsync(FeedbackRequest(ids[1], "false alarm", "TICKET-9"));
        using var badKey = await http.SendAsync(FeedbackRequest(ids[1], "false alarm", new string('k', 300)));

        Assert.That(first.GetProperty("alreadyApplied").GetBoolean(), Is.False);
        Assert.That(first.GetProperty("newVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(repeat.GetProperty("alreadyApplied").GetBoolean(), Is.True);
        Assert.That(repeat.GetProperty("feedbackId").GetString(), Is.EqualTo(FeedbackKeys.IdFor("TICKET-9")));
        Assert.That(conflict.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await conflict.Content.ReadAsStringAsync(), Does.Contain("TICKET-9"));
        Assert.That(badKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await badKey.Content.ReadAsStringAsync(), Does.Contain("Idempotency-Key"));
        using var function = await http.GetAsync($"/poet/functions/{StoreSeed.FunctionId}");
        Assert.That(await function.Content.ReadAsStringAsync(), Does.Contain("\"currentVersion\":2"));
    }

    [Test]
    public async Task The_remote_client_retries_feedback_after_a_lost_response_and_the_service_applies_it_once()
    {
        var (path, ids) = await StoreSeed.CreateAsync(executions: 1);
        await using var factory = PoetServer(path);
        var server = factory.Server;
        var lost = 0;
        var options = Remote.RemoteTestHost.TestOptions(new Uri("http://localhost/"), Remote.RemoteTestData.TempStore(), ServerKey);
        await using var client = Remote.RemoteClient.Create(options, () => new LoseFirstResponse(server.CreateHandler(), () => Interlocked.Increment(ref lost)));

        var outcome = await client.Feedback.FeedbackAsync(ids[0], "false alarm", new FeedbackOptions { IdempotencyKey = "lost-once" });

        Assert.That(lost, Is.EqualTo(1), "the first response was lost after the service applied the feedback");
        Assert.That(outcome.AlreadyApplied, Is.True, "the retry found it applied");
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        await using var store = PoetFileStore.Open(new PoetOptions { StorePath = path });
        Assert.That(store.Functions.GetVersions(StoreSeed.FunctionId), Is.EqualTo(new[] { 1, 2 }));
    }

    internal const string ServerKey = "cli-test-key";

    internal static WebApplicationFactory<PoetServerMarker> PoetServer(string storePath) =>
        new WebApplicationFactory<PoetServerMarker>().WithWebHostBuilder(b =>
        {
            b.UseSetting(PoetOptions.ServiceApiKeyVariable, ServerKey);
            b.UseSetting("POET_STORE_PATH", storePath);
        });

    private static HttpRequestMessage FeedbackRequest(ExecutionId id, string feedback, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/poet/feedback") { Content = JsonContent.Create(new { executionId = id.Value, feedback }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, ExecutionId id, string feedback, string key)
    {
        using var response = await http.SendAsync(FeedbackRequest(id, feedback, key));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Lets the first feedback post reach the service, then drops its response (as a broken connection would).</summary>
    private sealed class LoseFirstResponse(HttpMessageHandler inner, Action onLost) : DelegatingHandler(inner)
    {
        private int _feedbackPosts;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath == RemoteRoutes.Feedback && Interlocked.Increment(ref _feedbackPosts) == 1)
            {
                response.Dispose();
                onLost();
                throw new HttpRequestException("connection reset while reading the response");
            }

            return response;
        }
    }
}
