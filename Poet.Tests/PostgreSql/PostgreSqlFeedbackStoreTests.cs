namespace Poet.Tests.PostgreSql;

/// <summary>Feedback in PostgreSQL: the raw payload verbatim, the signal and the produced version.</summary>
public class PostgreSqlFeedbackStoreTests
{
    [Test]
    public async Task Feedback_keeps_the_raw_payload_verbatim_with_its_signal_and_produced_version()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        const string raw = """{ "rating": 2,  "comment": "seasonal dip", "a": [1, 2] }""";
        var record = new FeedbackRecord
        {
            Id = ExecutionId.New().Value,
            ExecutionId = ExecutionId.New(),
            FunctionId = PgTestData.FunctionId,
            ReceivedAt = DateTimeOffset.UtcNow,
            RawJson = raw,
            RawSize = raw.Length,
            Signal = new LearningSignal { Verdict = FeedbackVerdict.FalsePositive, Issue = "false_positive", Rationale = "seasonal" },
            ProducedVersion = 2,
            Changes = [new ParameterChange("threshold", 3.0, 3.6)],
        };

        await store.Feedback.SaveAsync(record);
        await store.Feedback.SaveAsync(record with { ProducedVersion = 3 });
        var found = await store.Feedback.FindAsync(record.Id);
        var listed = await store.Feedback.ListAsync(PgTestData.FunctionId);

        Assert.Multiple(() =>
        {
            Assert.That(found!.RawJson, Is.EqualTo(raw), "byte for byte: spacing and key order kept");
            Assert.That(found.Signal!.Issue, Is.EqualTo("false_positive"));
            Assert.That(found.ProducedVersion, Is.EqualTo(3), "saving the same id again replaces it");
            Assert.That(found.Changes.Single().NewValue, Is.EqualTo(3.6));
            Assert.That(listed.Select(f => f.Id), Is.EqualTo(new[] { record.Id }));
        });
    }

    [Test]
    public async Task Recent_feedback_is_the_newest_records_oldest_first()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        var start = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        foreach (var minute in new[] { 3, 1, 4, 0, 2 })
        {
            await store.Feedback.SaveAsync(new FeedbackRecord
            {
                Id = "fb-" + minute,
                ExecutionId = ExecutionId.New(),
                FunctionId = PgTestData.FunctionId,
                ReceivedAt = start.AddMinutes(minute),
                RawJson = "\"x\"",
            });
        }

        await store.Feedback.SaveAsync(new FeedbackRecord
        {
            Id = "fb-other",
            ExecutionId = ExecutionId.New(),
            FunctionId = "IOther.Run",
            ReceivedAt = start.AddMinutes(9),
            RawJson = "\"x\"",
        });

        var recent = await store.Feedback.ListRecentAsync(PgTestData.FunctionId, 3);

        Assert.That(recent.Select(r => r.Id), Is.EqualTo(new[] { "fb-2", "fb-3", "fb-4" }));
    }

    [Test]
    public async Task A_raw_payload_over_the_limit_is_stored_cut_with_a_marker_and_its_size()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString, new PoetOptions { MaxStoredFeedbackChars = 100 });
        var raw = "\"" + new string('x', 5000) + "\"";

        await store.Feedback.SaveAsync(new FeedbackRecord
        {
            Id = "fb-big",
            ExecutionId = ExecutionId.New(),
            FunctionId = PgTestData.FunctionId,
            ReceivedAt = DateTimeOffset.UtcNow,
            RawJson = raw,
            RawSize = raw.Length,
        });
        var found = await store.Feedback.FindAsync("fb-big");

        Assert.That(found!.RawTruncated, Is.True);
        Assert.That(found.RawSize, Is.EqualTo(5002));
        Assert.That(found.RawJson, Does.StartWith(raw[..100]).And.Contain("5002 characters"));
    }

    [Test]
    public async Task Why_a_payload_was_cut_or_marked_is_kept_and_read_back_by_another_instance()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        var options = new PoetOptions { MaxStoredFeedbackChars = 100 };
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString, options);
        await using var other = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString, options);
        var marked = new FeedbackRecord
        {
            Id = "fb-marked",
            ExecutionId = ExecutionId.New(),
            FunctionId = PgTestData.FunctionId,
            ReceivedAt = DateTimeOffset.UtcNow,
            RawJson = "{\"rating\":4,\"items\":{\"$poet\":\"lazy-sequence\"}}",
            RawTruncated = true,
            RawTruncatedReason = "a lazy sequence was not enumerated",
            RawSize = 44,
        };
        var tooLong = new FeedbackRecord
        {
            Id = "fb-long",
            ExecutionId = ExecutionId.New(),
            FunctionId = PgTestData.FunctionId,
            ReceivedAt = DateTimeOffset.UtcNow.AddSeconds(1),
            RawJson = "\"" + new string('x', 500) + "\"",
        };
        var whole = tooLong with { Id = "fb-whole", RawJson = "\"short\"", ReceivedAt = DateTimeOffset.UtcNow.AddSeconds(2) };

        await store.Feedback.SaveAsync(marked);
        await store.Feedback.SaveAsync(tooLong);
        await store.Feedback.SaveAsync(whole);
        var kept = await store.Feedback.ListRecentAsync(PgTestData.FunctionId, 10);
        var read = await other.Feedback.ListRecentAsync(PgTestData.FunctionId, 10);

        Assert.Multiple(() =>
        {
            foreach (var records in new[] { kept, read })
            {
                Assert.That(records.Select(r => r.RawTruncatedReason), Is.EqualTo(new[]
                {
                    "a lazy sequence was not enumerated", "longer than MaxStoredFeedbackChars (100)", null,
                }));
            }

            Assert.That(db.Scalar<string>("SELECT raw_truncated_reason FROM poet.feedback WHERE id = 'fb-marked'"), Is.EqualTo("a lazy sequence was not enumerated"));
        });
    }
}
