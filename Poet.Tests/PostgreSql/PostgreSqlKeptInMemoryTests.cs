namespace Poet.Tests.PostgreSql;

/// <summary>
/// What a PostgreSQL store instance keeps in memory to answer feedback fast (the newest feedback per function, train
/// specs, its view of each function for one-round-trip versions) always agrees with the database, also when another
/// instance or a plain SQL session changed it.
/// </summary>
public class PostgreSqlKeptInMemoryTests
{
    private const string Id = PgTestData.FunctionId;
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Recent_feedback_kept_in_memory_follows_this_instances_writes_as_the_database_does()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var fresh = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        foreach (var minute in new[] { 3, 1, 4 })
        {
            await store.Feedback.SaveAsync(Feedback(minute));
        }

        Assert.That((await store.Feedback.ListRecentAsync(Id, 3)).Select(r => r.Id), Is.EqualTo(new[] { "fb-1", "fb-3", "fb-4" }), "read from the database");

        await store.Feedback.SaveAsync(Feedback(5));                                         // newer: enters the window
        await store.Feedback.SaveAsync(Feedback(0));                                         // older than a full window: stays out
        await store.Feedback.SaveAsync(Feedback(4) with { ProducedVersion = 7, Signal = Signal() }); // the second write of a feedback
        await store.Feedback.SaveAsync(Feedback(2, ticks: 12_345_678));                     // between kept records, sub-microsecond time

        var kept = await store.Feedback.ListRecentAsync(Id, 3);
        var read = await fresh.Feedback.ListRecentAsync(Id, 3);
        Assert.Multiple(() =>
        {
            Assert.That(kept.Select(r => r.Id), Is.EqualTo(new[] { "fb-3", "fb-4", "fb-5" }));
            Assert.That(kept.Select(Describe), Is.EqualTo(read.Select(Describe)), "what memory answers is what the database holds");
            Assert.That(kept.Single(r => r.Id == "fb-4").ProducedVersion, Is.EqualTo(7));
        });
    }

    [Test]
    public async Task Feedback_written_by_another_instance_reaches_the_recent_feedback_kept_in_memory()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var reader = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var writer = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await reader.Feedback.SaveAsync(Feedback(1));
        Assert.That((await reader.Feedback.ListRecentAsync(Id, 10)).Select(r => r.Id), Is.EqualTo(new[] { "fb-1" }));

        await writer.Feedback.SaveAsync(Feedback(2));
        await writer.Feedback.SaveAsync(Feedback(1) with { Signal = Signal(), ProducedVersion = 2 });

        Assert.That(await PgTestData.Eventually(() =>
        {
            var recent = reader.Feedback.ListRecentAsync(Id, 10).GetAwaiter().GetResult();
            return recent.Select(r => r.Id).SequenceEqual(["fb-1", "fb-2"]) && recent[0].ProducedVersion == 2;
        }), Is.True, "the other instance's notice drops what was kept; the next read sees both writes");
    }

    [Test]
    public async Task A_train_spec_replaced_by_another_instance_replaces_the_one_kept_in_memory()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var reader = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var writer = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(writer.Functions);
        Assert.That(reader.Functions.GetTrainSpec(Id, 1)!.Objective, Is.Not.EqualTo("fewer false alarms"));

        await writer.Functions.ReplaceTrainSpecAsync(Id, 1, PgTestData.Train() with { Objective = "fewer false alarms" });

        Assert.Multiple(async () =>
        {
            Assert.That(writer.Functions.GetTrainSpec(Id, 1)!.Objective, Is.EqualTo("fewer false alarms"), "the writer's own copy at once");
            Assert.That(await PgTestData.Eventually(() => reader.Functions.GetTrainSpec(Id, 1)!.Objective == "fewer false alarms"), Is.True,
                "the reader's copy after the notice");
        });
    }

    [Test]
    public async Task A_new_version_answers_with_the_plan_and_train_spec_the_database_copied_from_its_parent()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var fresh = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(store.Functions);
        await store.Functions.ReplaceTrainSpecAsync(Id, 1, PgTestData.Train() with { Objective = "fewer false alarms" });
        Assert.That(store.Functions.GetTrainSpec(Id, 1)!.Objective, Is.EqualTo("fewer false alarms"));

        var written = await store.Functions.AppendVersionAsync(Id, PgTestData.Raise(0.5));

        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.GetTrainSpec(Id, written!.Version)!.Objective, Is.EqualTo(fresh.Functions.GetTrainSpec(Id, written.Version)!.Objective));
            Assert.That(store.Functions.GetTrainSpec(Id, written.Version)!.Objective, Is.EqualTo("fewer false alarms"));
            Assert.That(store.Functions.GetPlan(Id, written.Version)!.Learnable.Single().Name, Is.EqualTo(fresh.Functions.GetPlan(Id, written.Version)!.Learnable.Single().Name));
        });
    }

    [Test]
    public async Task A_version_derived_from_an_outdated_view_is_derived_again_from_the_current_version()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(store.Functions);
        Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(1));

        // Another writer makes version 2 current without a notice (plain SQL): this instance still holds version 1.
        db.Execute("""
            INSERT INTO poet.versions (function_id, version, parent, created_at, metadata, plan, train_spec)
            SELECT function_id, 2, 1, now(), jsonb_set(jsonb_set(metadata, '{version}', '2'), '{parameters,threshold}', '5'), plan, train_spec
            FROM poet.versions WHERE version = 1;
            UPDATE poet.functions SET current_version = 2, revision = revision + 1;
            """);
        var derivedFrom = new List<int>();

        var written = await store.Functions.AppendVersionAsync(Id, current =>
        {
            derivedFrom.Add(current.Version);
            return PgTestData.Raise(0.5)(current);
        });

        Assert.Multiple(() =>
        {
            Assert.That(derivedFrom, Is.EqualTo(new[] { 1, 2 }), "tried on the view held in memory, refused by the database, derived again");
            Assert.That(written!.Version, Is.EqualTo(3));
            Assert.That(written.Parent, Is.EqualTo(2));
            Assert.That(written.Parameters["threshold"], Is.EqualTo(5.5));
            Assert.That(store.Functions.GetVersions(Id), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.history WHERE kind = 'version'"), Is.EqualTo(1), "one history entry: the refused try wrote nothing");
        });
    }

    [Test]
    public async Task A_version_written_in_one_round_trip_is_recorded_like_any_other()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(store.Functions);
        store.Functions.GetCurrent(Id);

        var written = await store.Functions.AppendVersionAsync(Id, PgTestData.Raise(0.25, "fb-9"));

        Assert.Multiple(() =>
        {
            Assert.That(written!.Version, Is.EqualTo(2));
            Assert.That(db.Scalar<int>("SELECT current_version FROM poet.functions"), Is.EqualTo(2));
            Assert.That(db.Scalar<long>("SELECT revision FROM poet.functions"), Is.EqualTo(2));
            Assert.That(db.Scalar<string>("SELECT metadata->'parameters'->>'threshold' FROM poet.versions WHERE version = 2"), Is.EqualTo("3.25"));
            Assert.That(db.Scalar<int>("SELECT parent FROM poet.versions WHERE version = 2"), Is.EqualTo(1));
            Assert.That(db.Scalar<string>("SELECT reason->'feedbackIds'->>0 FROM poet.history WHERE kind = 'version'"), Is.EqualTo("fb-9"));
            Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.versions WHERE version = 2 AND plan = (SELECT plan FROM poet.versions WHERE version = 1)"), Is.EqualTo(1),
                "the plan is carried over");
        });
    }

    private static FeedbackRecord Feedback(int minute, long ticks = 0) => new()
    {
        Id = "fb-" + minute,
        ExecutionId = ExecutionId.New(),
        FunctionId = Id,
        ReceivedAt = Start.AddMinutes(minute).AddTicks(ticks),
        RawJson = """{ "said": "false alarm" }""",
        RawSize = 24,
    };

    private static LearningSignal Signal() => new() { Verdict = FeedbackVerdict.FalsePositive, Issue = "false_positive", Rationale = "test" };

    private static string Describe(FeedbackRecord r) =>
        $"{r.Id} {r.ExecutionId} {r.ReceivedAt:O} {r.RawJson} {r.RawTruncated} {r.RawSize} {r.Signal?.Issue} {r.ProducedVersion} {r.Changes.Count} {r.IdempotencyKey}";
}
