using Microsoft.Extensions.Logging;

namespace Poet.Tests.Storage;

public class FunctionStoreRecoveryTests
{
    private const string Id = "IDriftDetector.Detect";

    [Test]
    public async Task A_current_file_naming_a_missing_version_recovers_to_the_highest_complete_one_and_is_logged()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);
        await store.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        File.WriteAllText(Path.Combine(fixture.Path, Id, "current"), "9\n");

        var reopened = fixture.Functions();
        Assert.Multiple(() =>
        {
            Assert.That(reopened.GetCurrent(Id)!.Version, Is.EqualTo(2));
            Assert.That(fixture.Logs.Contains(LogLevel.Warning, "not a complete version"), Is.True);
        });

        var v3 = await reopened.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        Assert.That(v3!.Parent, Is.EqualTo(2));
        Assert.That(File.ReadAllText(Path.Combine(fixture.Path, Id, "current")).Trim(), Is.EqualTo("3"), "the next write repairs current");
    }

    [Test]
    public void A_garbled_or_missing_current_file_also_recovers()
    {
        using var fixture = new StoreFixture();
        StoreFixture.Create(fixture.Functions(), Id);
        var current = Path.Combine(fixture.Path, Id, "current");

        File.WriteAllText(current, "v\0\0");
        Assert.That(fixture.Functions().GetCurrent(Id)!.Version, Is.EqualTo(1));

        File.Delete(current);
        Assert.That(fixture.Functions().GetCurrent(Id)!.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task A_half_written_version_folder_and_temp_files_are_ignored_then_cleaned()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);
        var folder = Path.Combine(fixture.Path, Id);
        var tempFolder = Directory.CreateDirectory(Path.Combine(folder, ".v2.0123456789abcdef.tmp")).FullName;
        File.WriteAllText(Path.Combine(tempFolder, "metadata.json"), "{\"functionId\":\"IDrift");
        var tempFile = Path.Combine(folder, ".current.0123456789abcdef.tmp");
        File.WriteAllText(tempFile, "");

        var reopened = fixture.Functions();
        Assert.Multiple(() =>
        {
            Assert.That(reopened.GetCurrent(Id)!.Version, Is.EqualTo(1));
            Assert.That(reopened.GetVersions(Id), Is.EqualTo(new[] { 1 }));
        });

        var v2 = await reopened.AppendVersionAsync(Id, StoreFixture.Raise(1));
        Assert.Multiple(() =>
        {
            Assert.That(v2!.Version, Is.EqualTo(2));
            Assert.That(Directory.Exists(tempFolder), Is.False);
            Assert.That(File.Exists(tempFile), Is.False);
        });
    }

    [Test]
    public async Task A_corrupt_metadata_file_is_quarantined_and_its_number_is_never_reused()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);
        await store.AppendVersionAsync(Id, StoreFixture.Raise(1));
        store.CheckpointJournals(); // on disk and out of the journal: the damage below cannot be repaired from it
        File.WriteAllText(Path.Combine(fixture.Path, Id, "v2", "metadata.json"), "{ not json");

        var reopened = fixture.Functions();
        var current = reopened.GetCurrent(Id);
        var v3 = await reopened.AppendVersionAsync(Id, StoreFixture.Raise(1));

        Assert.Multiple(() =>
        {
            Assert.That(current!.Version, Is.EqualTo(1));
            Assert.That(Directory.GetFiles(fixture.QuarantinePath), Has.Length.EqualTo(1));
            Assert.That(File.ReadAllText(Directory.GetFiles(fixture.QuarantinePath)[0]), Is.EqualTo("{ not json"), "kept, not deleted");
            Assert.That(fixture.Logs.Contains(LogLevel.Warning, "moved corrupt"), Is.True);
            Assert.That(v3!.Version, Is.EqualTo(3));
            Assert.That(reopened.GetVersions(Id), Is.EqualTo(new[] { 1, 3 }));
        });
    }
}
