using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Tests.Storage;

public class FileFeedbackStoreTests
{
    [Test]
    public async Task Feedback_is_stored_with_the_raw_payload_verbatim_and_read_back()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Feedback();
        var record = Feedback("IDriftDetector.Detect", "{ \"rating\": 2,  \"comment\": \"seasonal dip\" }") with
        {
            Normalized = new NormalizedFeedback { Text = "seasonal dip", Rating = 0.25, Kind = "json" },
            Signal = new LearningSignal { Verdict = FeedbackVerdict.FalsePositive, Adjustments = [new ParameterAdjustment("threshold", 1, 1)], Confidence = 0.8, Translator = "offline" },
            ProducedVersion = 2,
            Changes = [new ParameterChange("threshold", 3.0, 3.6)],
        };

        await store.SaveAsync(record);
        var found = await fixture.Feedback().FindAsync(record.Id);

        Assert.Multiple(() =>
        {
            Assert.That(found!.RawJson, Is.EqualTo(record.RawJson), "verbatim, whitespace included");
            Assert.That(found.RawTruncated, Is.False);
            Assert.That(found.Signal!.Verdict, Is.EqualTo(FeedbackVerdict.FalsePositive));
            Assert.That(found.Signal.Adjustments[0].Name, Is.EqualTo("threshold"));
            Assert.That(found.Normalized!.Rating, Is.EqualTo(0.25));
            Assert.That(found.ProducedVersion, Is.EqualTo(2));
            Assert.That(found.Changes.Single().NewValue, Is.EqualTo(3.6));
            Assert.That(found.ExecutionId, Is.EqualTo(record.ExecutionId));
        });
    }

    [Test]
    public async Task The_file_is_readable_json_with_the_payload_as_structured_json()
    {
        using var fixture = new StoreFixture();
        var record = Feedback("IDriftDetector.Detect", "{\"label\":\"false_positive\"}");
        await fixture.Feedback().SaveAsync(record);

        var file = Directory.GetFiles(Path.Combine(fixture.Path, "feedback", "IDriftDetector.Detect")).Single();
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        Assert.That(doc.RootElement.GetProperty("raw").GetProperty("label").GetString(), Is.EqualTo("false_positive"));
        Assert.That(Path.GetFileName(file), Is.EqualTo(record.Id + ".json"));
    }

    [Test]
    public async Task A_payload_over_the_limit_is_truncated_with_a_marker_and_its_size()
    {
        using var fixture = new StoreFixture();
        fixture.Options.MaxStoredFeedbackChars = 100;
        var raw = JsonSerializer.Serialize(new string('a', 5_000));
        var record = Feedback("IDriftDetector.Detect", raw) with { RawSize = raw.Length };

        await fixture.Feedback().SaveAsync(record);
        var found = await fixture.Feedback().FindAsync(record.Id);

        Assert.Multiple(() =>
        {
            Assert.That(found!.RawTruncated, Is.True);
            Assert.That(found.RawSize, Is.EqualTo(raw.Length));
            Assert.That(found.RawJson, Does.StartWith(raw[..100]).And.EndWith($"[truncated by POET: {raw.Length} characters in full]"));
        });
    }

    [Test]
    public async Task Saving_the_same_id_again_replaces_the_record()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Feedback();
        var record = Feedback("IDriftDetector.Detect", "\"too many alerts\"");
        await store.SaveAsync(record);

        await store.SaveAsync(record with { ProducedVersion = 5 });

        Assert.That((await store.ListAsync(record.FunctionId)).Single().ProducedVersion, Is.EqualTo(5));
    }

    [Test]
    public async Task Feedback_of_one_function_is_listed_oldest_first()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Feedback();
        var t0 = DateTimeOffset.UtcNow;
        await store.SaveAsync(Feedback("F.A", "3") with { ReceivedAt = t0.AddSeconds(2) });
        await store.SaveAsync(Feedback("F.A", "1") with { ReceivedAt = t0 });
        await store.SaveAsync(Feedback("F.B", "2"));
        await store.SaveAsync(Feedback("IRepo<T>.Get", "\"odd id\""));

        Assert.That((await store.ListAsync("F.A")).Select(r => r.RawJson), Is.EqualTo(new[] { "1", "3" }));
        Assert.That(await store.ListAsync("IRepo<T>.Get"), Has.Count.EqualTo(1));
        Assert.That(await store.ListAsync("F.None"), Is.Empty);
    }

    [Test]
    public async Task Text_that_is_not_json_is_kept_as_text()
    {
        using var fixture = new StoreFixture();
        var record = Feedback("F.A", "not { json");

        await fixture.Feedback().SaveAsync(record);

        Assert.That((await fixture.Feedback().FindAsync(record.Id))!.RawJson, Is.EqualTo("not { json"));
    }

    [Test]
    public async Task A_corrupt_feedback_file_is_quarantined_and_reads_as_missing()
    {
        using var fixture = new StoreFixture();
        var record = Feedback("F.A", "1");
        await fixture.Feedback().SaveAsync(record);
        var file = Directory.GetFiles(Path.Combine(fixture.Path, "feedback", "F.A")).Single();
        File.WriteAllText(file, "{\"id\": ");

        Assert.That(await fixture.Feedback().FindAsync(record.Id), Is.Null);
        Assert.That(File.Exists(file), Is.False);
        Assert.That(Directory.GetFiles(fixture.QuarantinePath), Has.Length.EqualTo(1));
        Assert.That(fixture.Logs.Contains(LogLevel.Warning, "moved corrupt"), Is.True);
    }

    [Test]
    public async Task The_newest_feedback_matches_the_full_listing_as_files_come_and_go()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Feedback();
        var start = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        async Task SaveAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                // Received times are not in write order (imports carry their own times).
                await store.SaveAsync(Feedback("IDriftDetector.Detect", "\"x\"") with { ReceivedAt = start.AddSeconds(random.Next(0, 100_000)) });
            }
        }

        async Task AssertNewestMatchAsync(int limit)
        {
            var all = await store.ListAsync("IDriftDetector.Detect");
            var recent = await ((IFeedbackStore)store).ListRecentAsync("IDriftDetector.Detect", limit);
            Assert.That(recent.Select(r => r.Id), Is.EqualTo(all.Skip(Math.Max(0, all.Count - limit)).Select(r => r.Id)));
        }

        await SaveAsync(300);
        await AssertNewestMatchAsync(201);
        await SaveAsync(40);
        foreach (var file in Directory.GetFiles(Path.Combine(fixture.Path, "feedback", "IDriftDetector.Detect")).Take(60))
        {
            File.Delete(file); // what retention does
        }

        await AssertNewestMatchAsync(201);
        await AssertNewestMatchAsync(3);
    }

    [Test]
    public async Task Listing_the_newest_feedback_again_reads_only_the_files_written_since()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Feedback();
        var first = Feedback("IDriftDetector.Detect", "\"first\"");
        await store.SaveAsync(first);
        Assert.That((await ((IFeedbackStore)store).ListRecentAsync("IDriftDetector.Detect", 10)).Single().RawJson, Is.EqualTo("\"first\""));

        // A file, once read, stands for its record (feedback files are never rewritten): changing it behind the store's
        // back shows that the second listing did not read it again, while the new file is read.
        var firstFile = Path.Combine(fixture.Path, "feedback", "IDriftDetector.Detect", first.Id + ".json");
        File.WriteAllText(firstFile, File.ReadAllText(firstFile).Replace("first", "changed", StringComparison.Ordinal));
        var second = Feedback("IDriftDetector.Detect", "\"second\"") with { ReceivedAt = first.ReceivedAt.AddSeconds(1) };
        await store.SaveAsync(second);

        var recent = await ((IFeedbackStore)store).ListRecentAsync("IDriftDetector.Detect", 10);
        Assert.That(recent.Select(r => r.RawJson), Is.EqualTo(new[] { "\"first\"", "\"second\"" }));
    }

    [Test]
    public async Task A_record_saved_again_through_the_store_is_listed_as_saved_last()
    {
        // Learning saves each feedback twice: the raw payload first, then with its signal; learning reads the second.
        using var fixture = new StoreFixture();
        var store = fixture.Feedback();
        var record = Feedback("IDriftDetector.Detect", "\"false alarm\"");
        await store.SaveAsync(record);
        Assert.That((await ((IFeedbackStore)store).ListRecentAsync("IDriftDetector.Detect", 10)).Single().Signal, Is.Null);

        await store.SaveAsync(record with { Signal = new LearningSignal { Verdict = FeedbackVerdict.FalsePositive, Translator = "offline" }, ProducedVersion = 2 });

        var recent = (await ((IFeedbackStore)store).ListRecentAsync("IDriftDetector.Detect", 10)).Single();
        Assert.That(recent.Signal?.Verdict, Is.EqualTo(FeedbackVerdict.FalsePositive));
        Assert.That(recent.ProducedVersion, Is.EqualTo(2));
    }

    [Test]
    public async Task A_key_looked_up_on_its_function_finds_the_record_there_and_only_there()
    {
        using var fixture = new StoreFixture();
        IFeedbackStore store = fixture.Feedback();
        var record = Feedback("IDriftDetector.Detect", "\"false alarm\"");
        var key = FeedbackKeys.Derive(record.ExecutionId, record.RawJson);
        await store.SaveAsync(record with { Id = FeedbackKeys.IdFor(key), IdempotencyKey = key });
        await store.SaveAsync(Feedback("IFraudCheck.Score", "\"other\""));

        var onItsFunction = await store.FindByIdempotencyKeyAsync("IDriftDetector.Detect", key);
        var onAnother = await store.FindByIdempotencyKeyAsync("IFraudCheck.Score", key);
        var storeWide = await store.FindByIdempotencyKeyAsync(key);
        var unknownKey = await store.FindByIdempotencyKeyAsync("IDriftDetector.Detect", key + "-other");

        Assert.Multiple(() =>
        {
            Assert.That(onItsFunction?.IdempotencyKey, Is.EqualTo(key));
            Assert.That(onItsFunction?.RawJson, Is.EqualTo("\"false alarm\""));
            Assert.That(onAnother, Is.Null, "only the named function's feedback is searched");
            Assert.That(storeWide?.Id, Is.EqualTo(onItsFunction?.Id));
            Assert.That(unknownKey, Is.Null);
        });
    }

    private static FeedbackRecord Feedback(string functionId, string raw) => new()
    {
        Id = ExecutionId.New().Value,
        ExecutionId = ExecutionId.New(),
        FunctionId = functionId,
        ReceivedAt = DateTimeOffset.UtcNow,
        RawJson = raw,
        RawSize = raw.Length,
    };
}
