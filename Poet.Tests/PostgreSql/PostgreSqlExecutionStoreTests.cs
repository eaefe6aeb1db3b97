using System.Text.Json;

namespace Poet.Tests.PostgreSql;

/// <summary>Executions in PostgreSQL: the background writer, lookup by id, idempotent batches, retention.</summary>
public class PostgreSqlExecutionStoreTests
{
    [Test]
    public async Task A_recorded_execution_is_found_by_id_right_after_the_call_and_reads_back_as_written()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        var record = PgTestData.Record();

        Assert.That(store.Executions.TryRecord(record), Is.True);
        var found = await store.Executions.FindAsync(record.Id);

        Assert.That(found, Is.Not.Null, "found before anyone flushed: the lookup writes the queue first");
        Assert.Multiple(() =>
        {
            Assert.That(found!.Id, Is.EqualTo(record.Id));
            Assert.That(found.FunctionId, Is.EqualTo(record.FunctionId));
            Assert.That(found.StartedAt, Is.EqualTo(record.StartedAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(found.LearnedParameters["threshold"], Is.EqualTo(3.0));
            Assert.That(((JsonElement)found.Arguments["note"]!).GetString(), Is.EqualTo("naïve \"quoted\""));
            Assert.That(((JsonElement)found.Result!).GetProperty("score").GetDouble(), Is.EqualTo(4.2));
        });
        Assert.That(await store.Executions.FindAsync(ExecutionId.New()), Is.Null);
    }

    [Test]
    public async Task The_columns_beside_the_record_hold_its_id_function_version_time_outcome_and_duration()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        var at = new DateTimeOffset(2026, 11, 30, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var record = PgTestData.Record(at) with { Version = 7, Outcome = ExecutionOutcome.TimedOut, DurationMs = 12.5 };

        await store.Executions.AppendAsync([record]);

        Assert.Multiple(() =>
        {
            Assert.That(db.Scalar<Guid>("SELECT id FROM poet.executions").ToString("N")[..12], Is.EqualTo((at.ToUnixTimeMilliseconds()).ToString("x12")),
                "the uuid starts with the id's millisecond time");
            Assert.That(db.Scalar<string>("SELECT function_id FROM poet.executions"), Is.EqualTo(PgTestData.FunctionId));
            Assert.That(db.Scalar<int>("SELECT version FROM poet.executions"), Is.EqualTo(7));
            Assert.That(db.Scalar<DateTime>("SELECT started_at FROM poet.executions"), Is.EqualTo(at.UtcDateTime.AddTicks(-(at.UtcTicks % 10))), "to the microsecond, in UTC");
            Assert.That(db.Scalar<string>("SELECT outcome FROM poet.executions"), Is.EqualTo("TimedOut"));
            Assert.That(db.Scalar<double>("SELECT duration_ms FROM poet.executions"), Is.EqualTo(12.5));
            Assert.That(db.Scalar<string>("SELECT record->>'id' FROM poet.executions"), Is.EqualTo(record.Id.Value), "the record is the JSON line, readable with SQL");
            Assert.That(db.Scalar<string>("SELECT record->>'outcome' FROM poet.executions"), Is.EqualTo("TimedOut"));
        });
    }

    [Test]
    public async Task Many_recorded_executions_are_all_written_in_batches_by_flush()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString, new PoetOptions { RecorderCapacity = 100_000, RecordingMaxDelay = null });
        var records = Enumerable.Range(0, 20_000).Select(_ => PgTestData.Record()).ToList();

        var accepted = records.Count(store.Executions.TryRecord);
        await store.Executions.FlushAsync();

        Assert.That(accepted, Is.EqualTo(records.Count));
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.executions"), Is.EqualTo(records.Count));
        Assert.That(await store.Executions.FindAsync(records[12_345].Id), Is.Not.Null);
    }

    [Test]
    public async Task A_batch_sent_again_after_a_lost_acknowledgement_creates_no_duplicates()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        var batch = Enumerable.Range(0, 500).Select(_ => PgTestData.Record()).ToList();
        await store.Executions.AppendAsync(batch[..300]);

        await store.Executions.AppendAsync(batch); // the first 300 again, plus 200 new
        await store.Executions.AppendAsync(batch);

        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.executions"), Is.EqualTo(500));
        Assert.That(db.Scalar<long>("SELECT count(DISTINCT id) FROM poet.executions"), Is.EqualTo(500));
    }

    [Test]
    public async Task Retention_drops_whole_day_partitions_older_than_the_retention_and_keeps_recent_ones()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString, new PoetOptions { ExecutionRetention = TimeSpan.FromDays(7) });
        var now = DateTimeOffset.UtcNow;
        var old = PgTestData.Record(now.AddDays(-30));
        var recent = PgTestData.Record(now.AddDays(-1));
        await store.Executions.AppendAsync([old, recent]);
        Assert.That(db.Scalar<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'poet.executions'::regclass"), Is.EqualTo(2), "one partition per day");
        Assert.That(await store.Executions.FindAsync(old.Id), Is.Not.Null, "found once, so kept in memory");

        var dropped = await store.ApplyRetentionAsync(now);

        Assert.That(dropped, Has.Count.EqualTo(1));
        Assert.That(await store.Executions.FindAsync(old.Id), Is.Null, "not even from memory");
        Assert.That(await store.Executions.FindAsync(recent.Id), Is.Not.Null);

        await store.Executions.AppendAsync([PgTestData.Record(now.AddDays(-30))]);
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.executions"), Is.EqualTo(2), "an old execution arriving later gets its partition back");
    }
}
