using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

/// <summary>
/// A store instance that wrote a function's last version serves it (current, plan, train spec, the base of the next
/// version) from what it wrote, for as long as the folder's journal ends with its own last line; any change by another
/// writer (another instance stands for another process) shows in the journal and sends it back to the folder.
/// </summary>
public class FunctionStoreKnownVersionTests
{
    private const string Id = "IDriftDetector.Detect";

    [Test]
    public async Task The_writer_of_the_last_version_serves_it_without_reading_the_folder_again()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);
        var v2 = await store.AppendVersionAsync(Id, StoreFixture.Raise(0.5));

        // Changing v2's metadata behind the store's back (not through the journal) shows which copy is served.
        var metadata = Path.Combine(fixture.Path, Id, "v2", StoreLayout.MetadataFile);
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace("3.5", "9.5", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(store.GetCurrent(Id)!.Parameters["threshold"], Is.EqualTo(3.5).Within(1e-9), "served from what it wrote");
            Assert.That(store.GetVersion(Id, 2), Is.SameAs(store.GetCurrent(Id)));
            Assert.That(store.GetPlan(Id, 2)!.FunctionId, Is.EqualTo(Id));
            Assert.That(store.GetTrainSpec(Id, 2)!.FunctionId, Is.EqualTo(Id));
            Assert.That(fixture.Functions().GetCurrent(Id)!.Parameters["threshold"], Is.EqualTo(9.5).Within(1e-9), "another instance reads the folder");
            Assert.That(v2!.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_version_another_writer_added_is_served_and_derived_from()
    {
        using var fixture = new StoreFixture();
        var first = fixture.Functions();
        var second = fixture.Functions();
        StoreFixture.Create(first, Id);
        await first.AppendVersionAsync(Id, StoreFixture.Raise(0.5)); // first knows v2
        await second.AppendVersionAsync(Id, StoreFixture.Raise(0.25)); // v3, written elsewhere

        var current = first.GetCurrent(Id);
        var v4 = await first.AppendVersionAsync(Id, StoreFixture.Raise(0.25));

        Assert.Multiple(() =>
        {
            Assert.That(current!.Version, Is.EqualTo(3));
            Assert.That(first.GetPlan(Id, 3), Is.Not.Null);
            Assert.That(v4!.Version, Is.EqualTo(4));
            Assert.That(v4.Parent, Is.EqualTo(3), "derived from the other writer's version, not the one it knew");
            Assert.That(v4.Parameters["threshold"], Is.EqualTo(4.0).Within(1e-9));
            Assert.That(second.GetCurrent(Id)!.Version, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task A_rollback_by_another_writer_is_served_and_derived_from()
    {
        using var fixture = new StoreFixture();
        var first = fixture.Functions();
        var second = fixture.Functions();
        StoreFixture.Create(first, Id);
        await first.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        await first.AppendVersionAsync(Id, StoreFixture.Raise(0.5)); // first knows v3

        await second.SetCurrentAsync(Id, 2, new VersionReason { Kind = "rollback", Rationale = "test" });
        var v4 = await first.AppendVersionAsync(Id, StoreFixture.Raise(0.25));

        Assert.Multiple(() =>
        {
            Assert.That(v4!.Parent, Is.EqualTo(2));
            Assert.That(v4.Version, Is.EqualTo(4), "the number after the highest, not after the rolled back current");
            Assert.That(v4.Parameters["threshold"], Is.EqualTo(3.75).Within(1e-9));
        });
    }

    [Test]
    public async Task A_version_another_writer_journaled_and_did_not_write_is_finished_before_the_next_one()
    {
        using var fixture = new StoreFixture();
        var first = fixture.Functions();
        StoreFixture.Create(first, Id);
        await first.AppendVersionAsync(Id, StoreFixture.Raise(0.5)); // first knows v2
        await fixture.Functions().AppendVersionAsync(Id, StoreFixture.Raise(0.5)); // v3 elsewhere...
        var v3Metadata = File.ReadAllBytes(Path.Combine(fixture.Path, Id, "v3", StoreLayout.MetadataFile));
        Directory.Delete(Path.Combine(fixture.Path, Id, "v3"), recursive: true); // ... which died right after its journal line
        File.WriteAllText(Path.Combine(fixture.Path, Id, StoreLayout.CurrentFile), "2\n");

        var v4 = await first.AppendVersionAsync(Id, StoreFixture.Raise(0.25));

        Assert.Multiple(() =>
        {
            Assert.That(v4!.Parent, Is.EqualTo(3), "not derived from the version it knew");
            Assert.That(v4.Parameters["threshold"], Is.EqualTo(4.25).Within(1e-9));
            Assert.That(File.ReadAllBytes(Path.Combine(fixture.Path, Id, "v3", StoreLayout.MetadataFile)), Is.EqualTo(v3Metadata));
        });
    }

    [Test]
    public async Task Feedback_records_saved_through_the_journal_keep_the_known_version()
    {
        using var fixture = new StoreFixture();
        var root = fixture.OpenRoot();
        var functions = new FileFunctionStore(root);
        var feedback = new FileFeedbackStore(root);
        StoreFixture.Create(functions, Id);
        await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        await feedback.SaveAsync(new FeedbackRecord
        {
            Id = ExecutionId.New().Value,
            ExecutionId = ExecutionId.New(),
            FunctionId = Id,
            ReceivedAt = DateTimeOffset.UtcNow,
            RawJson = "\"false alarm\"",
            RawSize = 13,
            Signal = new LearningSignal { Verdict = FeedbackVerdict.FalsePositive, Translator = "offline" },
        });
        var metadata = Path.Combine(fixture.Path, Id, "v2", StoreLayout.MetadataFile);
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace("3.5", "9.5", StringComparison.Ordinal));

        Assert.That(functions.GetCurrent(Id)!.Parameters["threshold"], Is.EqualTo(3.5).Within(1e-9), "still served from what it wrote");
    }
}
