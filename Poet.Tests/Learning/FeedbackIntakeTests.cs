using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Poet;

namespace Poet.Tests.Learning;

public class FeedbackIntakeTests
{
    private sealed class Cyclic
    {
        public string Comment { get; set; } = "false alarm";

        public Cyclic? Self { get; set; }
    }

    private sealed class Throwing
    {
        public string Comment => throw new InvalidOperationException("getter exploded");

        public override string ToString() => "throwing object";
    }

    public static IEnumerable Payloads()
    {
        var cyclic = new Cyclic();
        cyclic.Self = cyclic;
        yield return new TestCaseData(null).SetName("null");
        yield return new TestCaseData("").SetName("empty");
        yield return new TestCaseData("   \t\n ").SetName("whitespace");
        yield return new TestCaseData("False alarm - that was a seasonal dip.").SetName("text");
        yield return new TestCaseData(4).SetName("rating 1-5");
        yield return new TestCaseData(0.2).SetName("rating 0-1");
        yield return new TestCaseData(-17.5).SetName("negative number");
        yield return new TestCaseData(double.NaN).SetName("NaN");
        yield return new TestCaseData(double.PositiveInfinity).SetName("infinity");
        yield return new TestCaseData(decimal.MaxValue).SetName("decimal max");
        yield return new TestCaseData(true).SetName("true");
        yield return new TestCaseData(false).SetName("false");
        yield return new TestCaseData("{\"label\":\"false_positive\",\"comment\":\"seasonal\"}").SetName("JSON text");
        yield return new TestCaseData("{\"label\": \"false_positive\", \"comm").SetName("broken JSON text");
        yield return new TestCaseData("[1, 2, \"three\"]").SetName("JSON array text");
        yield return new TestCaseData(new { rating = 2, comment = "noisy", tags = new[] { "fp", "weekend" } }).SetName("anonymous object");
        yield return new TestCaseData(new Dictionary<string, object?> { ["verdict"] = "missed", ["score"] = 1, ["nested"] = new Dictionary<string, int> { ["a"] = 1 } }).SetName("dictionary");
        yield return new TestCaseData(new Hashtable { ["text"] = "false alarm", [42] = null }).SetName("hashtable");
        yield return new TestCaseData((object)new object?[] { "false alarm", 2, null, new { label = "fp" } }).SetName("array");
        yield return new TestCaseData(new InvalidOperationException("downstream failed", new TimeoutException("inner"))).SetName("exception");
        yield return new TestCaseData(new string('x', 3_000_000)).SetName("3 MB string");
        yield return new TestCaseData("ctrl \u0000\u0001\u001b[31m bell\u0007 false alarm").SetName("control characters");
        yield return new TestCaseData("🔥🔥 false alarm 👎 — 日本語 テキスト").SetName("emoji and CJK");
        yield return new TestCaseData("broken surrogate \ud800 here").SetName("lone surrogate");
        yield return new TestCaseData(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)).SetName("DateTime");
        yield return new TestCaseData(DateTimeOffset.UnixEpoch).SetName("DateTimeOffset");
        yield return new TestCaseData(Guid.NewGuid()).SetName("Guid");
        yield return new TestCaseData(TimeSpan.FromSeconds(3)).SetName("TimeSpan");
        yield return new TestCaseData(FeedbackVerdict.FalsePositive).SetName("enum");
        yield return new TestCaseData(JsonDocument.Parse("{\"isCorrect\": false, \"note\": \"seasonal\"}").RootElement).SetName("JsonElement");
        yield return new TestCaseData(JsonNode.Parse("{\"rating\": 1, \"max\": 10}")).SetName("JsonNode");
        yield return new TestCaseData(cyclic).SetName("cyclic object");
        yield return new TestCaseData(new Throwing()).SetName("object whose getter throws");
        yield return new TestCaseData(new byte[] { 1, 2, 3 }).SetName("bytes");
        yield return new TestCaseData('x').SetName("char");
        yield return new TestCaseData(new Uri("https://example.com/ticket/1")).SetName("Uri");
        yield return new TestCaseData((Action)(() => { })).SetName("delegate");
        yield return new TestCaseData(new Version(1, 2)).SetName("arbitrary class");
    }

    [TestCaseSource(nameof(Payloads))]
    public async Task Any_payload_is_accepted_stored_and_normalized(object? payload)
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var report = h.Detect(score: 4.0);

        var outcome = await h.Feedback.FeedbackAsync(report, payload);

        Assert.That(outcome.FunctionId, Is.EqualTo(LearningHarness.DetectorId));
        Assert.That(outcome.Signal, Is.Not.Null);
        var stored = (await h.FeedbackStore.ListAsync(LearningHarness.DetectorId)).Single();
        Assert.That(stored.Normalized, Is.Not.Null);
        Assert.That(stored.Signal, Is.Not.Null);
        Assert.That(stored.RawJson, Is.Not.Null.And.Not.Empty);
        Assert.That(() => JsonDocument.Parse(stored.RawJson), Throws.Nothing, "the stored raw payload is always valid JSON");
        Assert.That(stored.RawSize, Is.GreaterThanOrEqualTo(stored.RawJson.Length - 200));
        Assert.That(stored.RawJson.Length, Is.LessThanOrEqualTo(h.Options.MaxStoredFeedbackChars + 200));
    }

    [TestCase(double.Epsilon)]
    [TestCase(-0.0)]
    [TestCase(1e-12)]
    [TestCase(0.999999999999)]
    public void A_rating_number_near_zero_or_one_stays_within_zero_to_one(double value)
    {
        var rating = Poet.Feedback.FeedbackNormalizer.ScaleRating(value, scale: null);

        Assert.That(rating, Is.Not.Null.And.InRange(0.0, 1.0));
    }

    [Test]
    public async Task Raw_payloads_are_stored_verbatim_and_large_ones_truncated_with_a_marker()
    {
        using var h = new LearningHarness(new PoetOptions { MaxStoredFeedbackChars = 1000 });
        h.RegisterDetector();
        await h.Feedback.FeedbackAsync(h.Detect(4), new { rating = 2, comment = "noisy \u0001 😀" });
        await h.Feedback.FeedbackAsync(h.Detect(4), new string('y', 5000));
        var records = await h.FeedbackStore.ListAsync(LearningHarness.DetectorId);

        var small = records[0];
        Assert.That(small.RawTruncated, Is.False);
        using var parsed = JsonDocument.Parse(small.RawJson);
        Assert.That(parsed.RootElement.GetProperty("comment").GetString(), Is.EqualTo("noisy \u0001 😀"));
        Assert.That(small.Normalized!.Rating, Is.EqualTo(0.25));
        Assert.That(small.Normalized.Text, Is.EqualTo("noisy   😀"));

        var large = records[1];
        Assert.That(large.RawTruncated, Is.True);
        Assert.That(large.RawSize, Is.EqualTo(5002));
        Assert.That(JsonSerializer.Deserialize<string>(large.RawJson), Does.Contain("truncated by POET: 5002 characters"));
    }

    [Test]
    public void Feedback_on_an_unknown_result_says_how_to_fix_it()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var stranger = Assert.ThrowsAsync<PoetFeedbackException>(() => h.Feedback.FeedbackAsync(new DriftReport(1, false), "wrong"));
        Assert.That(stranger!.Message, Does.Contain("not linked").And.Contain("pass the object returned by the POET call").IgnoreCase.And.Contain("PoetContext.LastExecutionId"));

        var value = Assert.ThrowsAsync<PoetFeedbackException>(() => h.Feedback.FeedbackAsync(42, "wrong"));
        Assert.That(value!.Message, Does.Contain("Int32").And.Contain("PoetContext.LastExecutionId"));

        var task = Assert.ThrowsAsync<PoetFeedbackException>(() => h.Feedback.FeedbackAsync(Task.FromResult(new DriftReport(1, false)), "wrong"));
        Assert.That(task!.Message, Does.Contain("await the POET call"));

        var nothing = Assert.ThrowsAsync<PoetFeedbackException>(() => h.Feedback.FeedbackAsync(null!, "wrong"));
        Assert.That(nothing!.Message, Does.Contain("null"));

        var unknownId = Assert.ThrowsAsync<PoetFeedbackException>(() => h.Feedback.FeedbackAsync(ExecutionId.New(), "wrong"));
        Assert.That(unknownId!.Message, Does.Contain("No POET execution with id").And.Contain("PoetContext.LastExecutionId"));

        var empty = Assert.ThrowsAsync<PoetFeedbackException>(() => h.Feedback.FeedbackAsync(default(ExecutionId), "wrong"));
        Assert.That(empty!.Message, Does.Contain("empty"));
    }

    [Test]
    public void Feedback_for_an_execution_of_an_unknown_function_is_refused_clearly()
    {
        using var h = new LearningHarness();
        var record = new ExecutionRecord { Id = ExecutionId.New(), FunctionId = "IGone.Method", Version = 1, StartedAt = DateTimeOffset.UtcNow };
        h.Executions.TryRecord(record);
        var ex = Assert.ThrowsAsync<PoetFeedbackException>(() => h.Feedback.FeedbackAsync(record.Id, "wrong"));
        Assert.That(ex!.Message, Does.Contain("IGone.Method").And.Contain("StorePath"));
    }

    [Test]
    public void A_cancelled_feedback_throws_OperationCanceledException_and_writes_no_version()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(async () => await h.Feedback.FeedbackAsync(h.Detect(4), "false alarm", cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(h.Functions.GetVersions(LearningHarness.DetectorId), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Executions_read_back_as_json_are_understood()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var current = h.Catalog.GetCurrent(LearningHarness.DetectorId);
        var record = new ExecutionRecord
        {
            Id = ExecutionId.New(),
            FunctionId = LearningHarness.DetectorId,
            Version = current.Version,
            StartedAt = DateTimeOffset.UtcNow,
            LearnedParameters = current.Parameters,
            Result = JsonDocument.Parse("{\"score\": 3.4, \"isDrift\": true}").RootElement.Clone(),
        };
        h.Executions.TryRecord(record);
        var outcome = await h.Feedback.FeedbackAsync(record.Id, "wrong");
        Assert.That(outcome.Signal.Verdict, Is.EqualTo(FeedbackVerdict.FalsePositive));
        Assert.That(outcome.Changes.Single().NewValue, Is.GreaterThan(3.0).And.LessThanOrEqualTo((3.4 * 1.02) + 1e-9), "never past the recorded score");

        // A second complaint about the same execution moves it only up to just past the score.
        var again = await h.Feedback.FeedbackAsync(record.Id, "wrong, noise");
        Assert.That(h.Threshold(), Is.EqualTo(3.4 * 1.02).Within(1e-9));
        var third = await h.Feedback.FeedbackAsync(record.Id, "still wrong");
        Assert.That(third.NewVersion, Is.Null, "a later version already silenced this execution");
    }
}
