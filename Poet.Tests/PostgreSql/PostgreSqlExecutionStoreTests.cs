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
    public async Task Records_wait_for_a_slow_database_while_the_buffer_has_room_instead_of_being_dropped_after_100_ms()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString); // default options: Drop, RecordingMaxDelay 100 ms
        var recorder = (ExecutionRecorder)store.Executions;
        var first = PgTestData.Record();
        var second = PgTestData.Record();

        // Another session holds the executions table: the writer's batch waits for it, as for a database under load.
        await using (var blocker = new Npgsql.NpgsqlConnection(db.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var hold = await blocker.BeginTransactionAsync();
            await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE poet.executions IN ACCESS EXCLUSIVE MODE", blocker, hold))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            Assert.That(store.Executions.TryRecord(first), Is.True);
            Assert.That(await PgTestData.Eventually(() => recorder.QueuedCount == 0), Is.True, "the writer took the first record and waits on the table");
            await Task.Delay(300); // the first record's batch has now waited longer than RecordingMaxDelay

            Assert.That(store.Executions.TryRecord(second), Is.True, "the buffer has room: the record waits, it is not dropped");
            await hold.RollbackAsync();
        }

        await store.Executions.FlushAsync();
        Assert.That(recorder.DroppedCount, Is.Zero);
        Assert.That(await store.Executions.FindAsync(first.Id), Is.Not.Null);
        Assert.That(await store.Executions.FindAsync(second.Id), Is.Not.Null);
    }

    [Test]
    public async Task A_row_holds_the_id_the_function_id_and_the_record_as_its_json_line_and_the_view_reads_it_as_jsonb()
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
            Assert.That(db.Scalar<string>("SELECT line FROM poet.executions"), Does.StartWith("{\"id\":\"" + record.Id.Value + "\"").And.EndWith("}"),
                "the recorder's JSON line, as written to a file store's log");
            Assert.That(db.Scalar<bool>("SELECT record IS NULL FROM poet.executions"), Is.True, "the json column holds only rows written before migration 4");
            Assert.That(db.Scalar<string>("SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'poet.executions'::regclass AND attnum > 0 AND NOT attisdropped"),
                Is.EqualTo("id,function_id,record,line"), "nothing else is stored per row");
            Assert.That(db.Scalar<string>("SELECT record->>'outcome' FROM poet.execution_records"), Is.EqualTo("TimedOut"));
            Assert.That(db.Scalar<int>("SELECT (record->>'version')::int FROM poet.execution_records"), Is.EqualTo(7));
            Assert.That(db.Scalar<double>("SELECT (record->>'durationMs')::float8 FROM poet.execution_records"), Is.EqualTo(12.5));
        });
    }

    [Test]
    public async Task Executions_written_under_the_wide_row_of_schema_3_are_still_found_and_listed_after_migration_4()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        var old = PgTestData.Record();
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString))
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await Poet.PostgreSql.Schema.MigrationRunner.MigrateAsync(connection, 3, CancellationToken.None);
            await new Poet.PostgreSql.Executions.ExecutionPartitions(dataSource).EnsureAsync([Poet.PostgreSql.Executions.ExecutionUuid.Day(old.StartedAt)], CancellationToken.None);
            await using var insert = new Npgsql.NpgsqlCommand(
                "INSERT INTO poet.executions (id, function_id, version, started_at, outcome, duration_ms, record) VALUES ($1, $2, 1, now(), 'Success', 0.5, $3::json)", connection);
            insert.Parameters.Add(new Npgsql.NpgsqlParameter<Guid> { TypedValue = Poet.PostgreSql.Executions.ExecutionUuid.From(old.Id)!.Value });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = old.FunctionId });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter<string>
            {
                TypedValue = "{\"id\":\"" + old.Id.Value + "\",\"functionId\":\"" + old.FunctionId + "\",\"version\":1,\"startedAt\":\"" +
                old.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\",\"durationMs\":0.5,\"attempts\":1,\"outcome\":\"Success\",\"arguments\":{},\"learnedParameters\":{\"threshold\":3},\"result\":{\"score\":4.2},\"error\":null}"
            });
            await insert.ExecuteNonQueryAsync();
        }

        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        var recent = PgTestData.Record();
        await store.Executions.AppendAsync([recent, old]); // the old one again: still no duplicate

        var found = await store.Executions.FindAsync(old.Id);
        Assert.Multiple(() =>
        {
            Assert.That(store.SchemaVersion, Is.EqualTo(4));
            Assert.That(found?.LearnedParameters["threshold"], Is.EqualTo(3.0), "a row of the old shape reads back from its json column");
            Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.executions"), Is.EqualTo(2));
            Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.execution_records WHERE record->'result'->>'score' = '4.2'"), Is.EqualTo(2), "the view reads both shapes");
        });
        Assert.That(await store.Executions.FindAsync(recent.Id), Is.Not.Null);
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
