using System.Text.Json;
using Microsoft.Extensions.Logging;
using Poet.Storage.FileStore;
using Poet.Tests.Storage;

namespace Poet.Tests.Reliability;

/// <summary>
/// "New version" is one recoverable unit: a <c>v{n}</c> that a crash or a full disk left written but not current and
/// not in <c>history.jsonl</c> is finished (made current, with its history line) or quarantined when the store is
/// opened, and no version is ever derived from the stale current.
/// </summary>
[Category("Faults")]
public class InterruptedVersionTests
{
    private const string Id = "IDriftDetector.Detect";

    [Test]
    public async Task A_complete_version_that_never_became_current_is_made_current_with_its_history_line_at_open()
    {
        using var fixture = new StoreFixture();
        await WriteTwoVersionsAsync(fixture);
        WriteOrphan(fixture, number: 3, parent: 2, threshold: 3.9); // the crash: v3 renamed in, current and history not yet written

        await using var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(3));
            Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(fixture.Logs.Contains(LogLevel.Warning, "never made current"), Is.True);
        });

        var next = await store.Functions.AppendVersionAsync(Id, StoreFixture.Raise(0.1));
        Assert.Multiple(() =>
        {
            Assert.That(next!.Version, Is.EqualTo(4));
            Assert.That(next.Parent, Is.EqualTo(3), "derived from the recovered version, not the stale current");
            Assert.That(next.Parameters["threshold"], Is.EqualTo(4.0).Within(1e-9));
        });
    }

    [Test]
    public async Task The_next_writer_recovers_a_version_interrupted_while_the_store_was_open_before_deriving()
    {
        using var fixture = new StoreFixture();
        var functions = await WriteTwoVersionsAsync(fixture);
        WriteOrphan(fixture, number: 3, parent: 2, threshold: 3.9); // another process died between its writes

        var next = await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.1));
        Assert.Multiple(() =>
        {
            Assert.That(next!.Version, Is.EqualTo(4));
            Assert.That(next.Parent, Is.EqualTo(3));
            Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        });
    }

    [Test]
    public async Task A_current_version_missing_from_the_history_gets_its_line_at_open()
    {
        using var fixture = new StoreFixture();
        await WriteTwoVersionsAsync(fixture);
        var history = Path.Combine(fixture.Path, Id, "history.jsonl");
        var lines = File.ReadAllLines(history);
        File.WriteAllLines(history, lines[..^1]); // the crash: current flipped to v2, history line not yet appended

        await using var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(2));
            Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public async Task A_new_version_whose_current_and_history_line_a_power_loss_took_is_current_again_at_open()
    {
        using var fixture = new StoreFixture();
        await WriteTwoVersionsAsync(fixture);
        var folder = Path.Combine(fixture.Path, Id);
        var history = Path.Combine(folder, "history.jsonl");
        File.WriteAllLines(history, File.ReadAllLines(history)[..^1]); // the history line was written but not flushed
        File.WriteAllBytes(Path.Combine(folder, "current"), []); // current's rename reached the disk, its content did not

        await using var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(2), "the new version is the highest: it stays current");
            Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2 }));
        });
        var next = await store.Functions.AppendVersionAsync(Id, StoreFixture.Raise(0.1));
        Assert.That(next!.Parent, Is.EqualTo(2));
    }

    [Test]
    public void Flushing_a_folder_works_and_a_missing_folder_is_named_in_the_error()
    {
        using var fixture = new StoreFixture();
        Directory.CreateDirectory(fixture.Path);
        Assert.DoesNotThrow(() => FolderFlush.Flush(fixture.Path));

        var missing = Path.Combine(fixture.Path, "no-such-folder");
        var ex = Assert.Throws<IOException>(() => FolderFlush.Flush(missing));
        Assert.That(ex!.Message, Does.Contain(missing));
    }

    [Test]
    public async Task A_version_bypassed_by_a_later_one_is_quarantined_at_open()
    {
        using var fixture = new StoreFixture();
        var functions = await WriteTwoVersionsAsync(fixture);
        await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.2)); // v3 from v2
        WriteOrphan(fixture, number: 4, parent: 2, threshold: 9); // left by older code: not current, parent not current either

        await using var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(3));
            Assert.That(store.Functions.GetVersions(Id), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(Directory.Exists(Path.Combine(fixture.Path, Id, "v4")), Is.False);
            Assert.That(Directory.GetFileSystemEntries(fixture.QuarantinePath, "*v4*"), Is.Not.Empty);
        });
    }

    private static async Task<FileFunctionStore> WriteTwoVersionsAsync(StoreFixture fixture)
    {
        var functions = fixture.Functions();
        StoreFixture.Create(functions, Id);
        await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        return functions;
    }

    private static void WriteOrphan(StoreFixture fixture, int number, int parent, double threshold)
    {
        var folder = Path.Combine(fixture.Path, Id);
        var source = Path.Combine(folder, "v" + parent);
        var target = Directory.CreateDirectory(Path.Combine(folder, "v" + number)).FullName;
        File.Copy(Path.Combine(source, "enhanced.json"), Path.Combine(target, "enhanced.json"));
        File.Copy(Path.Combine(source, "train.json"), Path.Combine(target, "train.json"));
        var metadata = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(source, "metadata.json")), StoreJson.Store.FunctionVersion)! with
        {
            Version = number,
            Parent = parent,
            Parameters = new Dictionary<string, double> { ["threshold"] = threshold },
            CreatedAt = DateTimeOffset.UtcNow,
        };
        File.WriteAllBytes(Path.Combine(target, "metadata.json"), JsonSerializer.SerializeToUtf8Bytes(metadata, StoreJson.Store.FunctionVersion));
    }

    private static int[] HistoryVersions(StoreFixture fixture) =>
        [.. File.ReadAllLines(Path.Combine(fixture.Path, Id, "history.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("version").GetInt32())];
}
