namespace Poet.Tests.PostgreSql;

/// <summary>Versions in PostgreSQL: allocation, history, rollback, and notices between store instances.</summary>
public class PostgreSqlFunctionStoreTests
{
    private const string Id = PgTestData.FunctionId;

    [Test]
    public async Task Versions_written_by_two_store_instances_at_once_are_unique_and_gap_free()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var first = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var second = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(first.Functions);

        var written = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).Functions.AppendVersionAsync(Id, PgTestData.Raise(0.01, "fb" + i)))));

        // The last version may have been written by the other instance: this one learns it from its notice (within 1 s,
        // not at once; asserting at once failed once in CI with 40).
        Assert.That(await PgTestData.Eventually(() => first.Functions.GetCurrent(Id)!.Version == 41), Is.True, "the last version's notice arrives");
        Assert.Multiple(() =>
        {
            Assert.That(written.Select(v => v!.Version).Order(), Is.EqualTo(Enumerable.Range(2, 40)), "each number allocated exactly once");
            Assert.That(first.Functions.GetVersions(Id), Is.EqualTo(Enumerable.Range(1, 41)), "no version missing");
            Assert.That(first.Functions.GetCurrent(Id)!.Version, Is.EqualTo(41));
            Assert.That(written.Select(v => v!.Parent), Is.EquivalentTo(Enumerable.Range(1, 40).Select(n => (int?)n)), "each version derived from the one before");
            Assert.That(first.Functions.GetCurrent(Id)!.Parameters["threshold"], Is.EqualTo(3.0 + 40 * 0.01).Within(1e-9), "no update lost");
        });
    }

    [Test]
    public async Task A_version_written_through_one_store_becomes_current_in_the_other_through_a_notice()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var writer = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var reader = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(writer.Functions);
        Assert.That(reader.Functions.GetCurrent(Id)!.Version, Is.EqualTo(1));
        var changed = new TaskCompletionSource<FunctionChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        reader.Functions.Changed += (_, e) => changed.TrySetResult(e);

        var written = await writer.Functions.AppendVersionAsync(Id, PgTestData.Raise(0.5));

        var seen = await changed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Multiple(() =>
        {
            Assert.That(seen.FunctionId, Is.EqualTo(Id));
            Assert.That(seen.CurrentVersion, Is.EqualTo(2));
            Assert.That(reader.Functions.GetCurrent(Id)!.Parameters["threshold"], Is.EqualTo(written!.Parameters["threshold"]));
        });
    }

    [Test]
    public async Task Rollback_makes_an_older_version_current_everywhere_and_is_recorded_in_the_history()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var other = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(store.Functions);
        await store.Functions.AppendVersionAsync(Id, PgTestData.Raise(1));
        Assert.That(other.Functions.GetCurrent(Id)!.Version, Is.EqualTo(2));

        await store.Functions.SetCurrentAsync(Id, 1, new VersionReason { Kind = "rollback", Rationale = "too many misses" });

        Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(1));
        Assert.That(await PgTestData.Eventually(() => other.Functions.GetCurrent(Id)!.Version == 1), Is.True, "the other instance follows the rollback");
        Assert.That(db.Scalar<string>("SELECT string_agg(kind || ':' || version, ',' ORDER BY id) FROM poet.history"), Is.EqualTo("initial:1,version:2,rollback:1"));
        var next = await store.Functions.AppendVersionAsync(Id, PgTestData.Raise(0.1));
        Assert.That((next!.Version, next.Parent), Is.EqualTo((3, (int?)1)), "the next version is numbered after the highest and derives from the current");
    }

    [Test]
    public async Task Rollback_to_a_missing_version_names_the_versions_that_exist()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(store.Functions);

        var ex = Assert.ThrowsAsync<KeyNotFoundException>(() => store.Functions.SetCurrentAsync(Id, 7, new VersionReason { Kind = "rollback" }));
        Assert.That(ex!.Message, Does.Contain("no version 7").And.Contain("versions: 1"));
        Assert.ThrowsAsync<KeyNotFoundException>(() => store.Functions.AppendVersionAsync("IUnknown.Call", PgTestData.Raise(1)));
    }

    [Test]
    public async Task Plans_train_specs_and_function_lists_read_back_as_written()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        PgTestData.Create(store.Functions, "B.Second");
        PgTestData.Create(store.Functions, "A.First");
        PgTestData.Create(store.Functions, "A.First");

        await store.Functions.ReplaceTrainSpecAsync("A.First", 1, PgTestData.Train("A.First") with { Objective = "fewer false alarms" });

        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.ListFunctions(), Is.EqualTo(new[] { "A.First", "B.Second" }));
            Assert.That(store.Functions.GetVersions("A.First"), Is.EqualTo(new[] { 1 }), "registering twice writes version 1 once");
            Assert.That(store.Functions.GetPlan("A.First", 1)!.Learnable.Single().Name, Is.EqualTo("threshold"));
            Assert.That(store.Functions.GetTrainSpec("A.First", 1)!.Objective, Is.EqualTo("fewer false alarms"));
            Assert.That(store.Functions.GetVersion("A.First", 2), Is.Null);
            Assert.That(store.Functions.GetCurrent("Nope.Nothing"), Is.Null);
        });
    }

    [Test]
    public async Task Two_instances_registering_the_same_function_at_once_write_version_1_once()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var a = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        await using var b = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);

        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => PgTestData.Create(i % 2 == 0 ? a.Functions : b.Functions))));

        Assert.That(created.Select(c => c.Version).Distinct(), Is.EqualTo(new[] { 1 }));
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.versions"), Is.EqualTo(1));
    }
}
