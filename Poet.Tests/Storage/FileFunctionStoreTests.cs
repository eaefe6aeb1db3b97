using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Tests.Storage;

public class FileFunctionStoreTests
{
    private const string Id = "IDriftDetector.Detect";

    [Test]
    public void Version_1_is_written_once_with_plan_train_spec_and_metadata()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();

        var first = StoreFixture.Create(store, Id);
        var again = store.EnsureCreated(StoreFixture.Plan(Id), StoreFixture.Train(Id), StoreFixture.Initial(Id) with { Parameters = new Dictionary<string, double> { ["threshold"] = 9 } });

        Assert.Multiple(() =>
        {
            Assert.That(first.Version, Is.EqualTo(1));
            Assert.That(first.CreatedAt, Is.Not.EqualTo(default(DateTimeOffset)));
            Assert.That(again.Parameters["threshold"], Is.EqualTo(3.0), "an existing function is not changed");
            Assert.That(store.GetPlan(Id, 1)!.Operate.Retries, Is.EqualTo(2));
            Assert.That(store.GetTrainSpec(Id, 1)!.IssueMap[FeedbackVerdict.FalsePositive]["threshold"], Is.EqualTo(1));
            Assert.That(store.GetVersions(Id), Is.EqualTo(new[] { 1 }));
            Assert.That(store.ListFunctions(), Is.EqualTo(new[] { Id }));
        });
    }

    [Test]
    public void Version_files_are_readable_json_with_the_documented_fields()
    {
        using var fixture = new StoreFixture();
        StoreFixture.Create(fixture.Functions(), Id);

        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Path, Id, "v1", "metadata.json")));
        using var train = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Path, Id, "v1", "train.json")));
        Assert.Multiple(() =>
        {
            Assert.That(metadata.RootElement.GetProperty("functionId").GetString(), Is.EqualTo(Id));
            Assert.That(metadata.RootElement.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(metadata.RootElement.GetProperty("parameters").GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));
            Assert.That(metadata.RootElement.GetProperty("reason").GetProperty("kind").GetString(), Is.EqualTo("initial"));
            Assert.That(train.RootElement.GetProperty("issueMap").GetProperty("FalsePositive").GetProperty("threshold").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Appending_writes_the_next_version_with_its_parent_and_makes_it_current()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);
        var changes = new List<int>();
        store.Changed += (_, e) => changes.Add(e.CurrentVersion);

        var v2 = await store.AppendVersionAsync(Id, StoreFixture.Raise(0.6));
        var none = await store.AppendVersionAsync(Id, _ => null);

        Assert.Multiple(() =>
        {
            Assert.That(v2!.Version, Is.EqualTo(2));
            Assert.That(v2.Parent, Is.EqualTo(1));
            Assert.That(none, Is.Null);
            Assert.That(store.GetCurrent(Id)!.Parameters["threshold"], Is.EqualTo(3.6).Within(1e-9));
            Assert.That(store.GetPlan(Id, 2)!.Operate, Is.EqualTo(store.GetPlan(Id, 1)!.Operate), "the plan is carried over");
            Assert.That(changes, Is.EqualTo(new[] { 2 }));
            Assert.That(File.ReadAllText(Path.Combine(fixture.Path, Id, "current")).Trim(), Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Rollback_makes_an_older_version_current_and_is_recorded_in_the_history()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);
        await store.AppendVersionAsync(Id, StoreFixture.Raise(0.6));

        await store.SetCurrentAsync(Id, 1, new VersionReason { Kind = "rollback", Rationale = "too quiet" });
        var v3 = await store.AppendVersionAsync(Id, StoreFixture.Raise(0.1));

        var history = File.ReadAllLines(Path.Combine(fixture.Path, Id, "history.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(v3!.Version, Is.EqualTo(3), "numbers are never reused after a rollback");
            Assert.That(v3.Parent, Is.EqualTo(1));
            Assert.That(history.Select(h => h.GetProperty("kind").GetString()), Is.EqualTo(new[] { "created", "version", "rollback", "version" }));
            Assert.That(history[2].GetProperty("previous").GetInt32(), Is.EqualTo(2));
            Assert.That(history[2].GetProperty("reason").GetProperty("rationale").GetString(), Is.EqualTo("too quiet"));
        });
    }

    [Test]
    public void Rolling_back_to_a_missing_version_throws_KeyNotFound_naming_the_versions()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);

        var ex = Assert.ThrowsAsync<KeyNotFoundException>(() => store.SetCurrentAsync(Id, 7, new VersionReason { Kind = "rollback" }));
        Assert.That(ex!.Message, Does.Contain("no version 7").And.Contain("versions: 1"));
        Assert.ThrowsAsync<KeyNotFoundException>(() => store.AppendVersionAsync("IUnknown.Fn", StoreFixture.Raise(1)));
    }

    [Test]
    public async Task Learned_values_and_the_current_version_survive_a_restart()
    {
        using var fixture = new StoreFixture();
        var before = fixture.Functions();
        StoreFixture.Create(before, Id);
        await before.AppendVersionAsync(Id, StoreFixture.Raise(0.6));
        await before.SetCurrentAsync(Id, 2, new VersionReason { Kind = "rollback" });

        var after = fixture.Functions();
        var current = after.EnsureCreated(StoreFixture.Plan(Id), StoreFixture.Train(Id), StoreFixture.Initial(Id));

        Assert.Multiple(() =>
        {
            Assert.That(current.Version, Is.EqualTo(2));
            Assert.That(current.Parameters["threshold"], Is.EqualTo(3.6).Within(1e-9));
            Assert.That(after.GetVersions(Id), Is.EqualTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public async Task Replacing_a_train_spec_changes_only_that_file()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);

        await store.ReplaceTrainSpecAsync(Id, 1, StoreFixture.Train(Id) with { MapSource = "llm" });

        Assert.That(store.GetTrainSpec(Id, 1)!.MapSource, Is.EqualTo("llm"));
        Assert.That(store.GetCurrent(Id)!.Version, Is.EqualTo(1));
    }

    [TestCase("IRepository<Order>.Get")]
    [TestCase("CON")]
    [TestCase("a/b:c*d?")]
    [TestCase("trailing. ")]
    public async Task Odd_function_ids_are_stored_in_safe_folders_and_listed_by_their_original_id(string id)
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, id);
        await store.AppendVersionAsync(id, StoreFixture.Raise(1));

        var reopened = fixture.Functions();
        Assert.Multiple(() =>
        {
            Assert.That(reopened.ListFunctions(), Is.EqualTo(new[] { id }));
            Assert.That(reopened.GetCurrent(id)!.FunctionId, Is.EqualTo(id));
            Assert.That(reopened.GetCurrent(id)!.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_very_long_id_is_listed_through_its_metadata()
    {
        using var fixture = new StoreFixture();
        var id = "INamespace." + new string('X', 400) + ".Method";
        StoreFixture.Create(fixture.Functions(), id);

        Assert.That(fixture.Functions().ListFunctions(), Is.EqualTo(new[] { id }));
    }

    [Test]
    public void A_failing_Changed_handler_is_logged_and_does_not_break_the_write()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        store.Changed += (_, _) => throw new InvalidOperationException("handler bug");

        var created = StoreFixture.Create(store, Id);

        Assert.That(created.Version, Is.EqualTo(1));
        Assert.That(fixture.Logs.Contains(LogLevel.Error, "Changed handler failed"), Is.True);
    }
}
