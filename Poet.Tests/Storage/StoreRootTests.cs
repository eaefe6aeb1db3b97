using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

public class StoreRootTests
{
    [Test]
    public void Opening_a_new_store_writes_the_format_file()
    {
        using var fixture = new StoreFixture();
        fixture.OpenRoot();
        Assert.That(File.ReadAllText(Path.Combine(fixture.Path, "format")).Trim(), Is.EqualTo(StoreLayout.FormatVersion.ToString()));
    }

    [Test]
    public void A_store_written_by_a_newer_format_is_refused_with_a_message()
    {
        using var fixture = new StoreFixture();
        Directory.CreateDirectory(fixture.Path);
        File.WriteAllText(Path.Combine(fixture.Path, "format"), "99\n");

        var ex = Assert.Throws<PoetStoreException>(() => PoetFileStore.Open(fixture.Options));
        Assert.That(ex!.Message, Does.Contain(fixture.Path).And.Contain("newer").And.Contain("99"));
    }

    [Test]
    public void A_store_path_that_is_a_file_is_refused()
    {
        using var fixture = new StoreFixture();
        Directory.CreateDirectory(fixture.Path);
        var file = Path.Combine(fixture.Path, "a-file");
        File.WriteAllText(file, "x");

        var ex = Assert.Throws<PoetStoreException>(() => PoetFileStore.Open(new PoetOptions { StorePath = file }));
        Assert.That(ex!.Message, Does.Contain(file).And.Contain("is a file"));
    }

    [Test]
    public async Task The_store_entry_point_serves_the_three_stores_on_the_documented_layout()
    {
        using var fixture = new StoreFixture();
        var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        await using (store)
        {
            StoreFixture.Create(store.Functions, "IDriftDetector.Detect");
            var record = StoreFixture.Record();
            Assert.That(store.Executions.TryRecord(record), Is.True);
            await store.Feedback.SaveAsync(new FeedbackRecord
            {
                Id = ExecutionId.New().Value,
                ExecutionId = record.Id,
                FunctionId = record.FunctionId,
                ReceivedAt = DateTimeOffset.UtcNow,
                RawJson = "\"False alarm\"",
            });
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(fixture.Path, "IDriftDetector.Detect", "v1", "metadata.json")), Is.True);
            Assert.That(File.Exists(Path.Combine(fixture.Path, "IDriftDetector.Detect", "v1", "enhanced.json")), Is.True);
            Assert.That(File.Exists(Path.Combine(fixture.Path, "IDriftDetector.Detect", "v1", "train.json")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(fixture.Path, "IDriftDetector.Detect", "current")).Trim(), Is.EqualTo("1"));
            Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.jsonl"), Has.Length.EqualTo(1), "disposing sealed the segment");
            Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.idx"), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.Combine(fixture.Path, "feedback"), "*.json", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        });
    }
}
