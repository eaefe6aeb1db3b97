using Microsoft.Extensions.Logging;
using Poet.Tests.Storage;

namespace Poet.Tests.Reliability;

/// <summary>The execution log survives its folder being deleted while the process runs: it recreates it, counts and logs.</summary>
public class DeletedStoreFolderTests
{
    [Test]
    public async Task Records_after_the_store_folder_is_deleted_are_written_to_a_recreated_folder()
    {
        using var fixture = new StoreFixture();
        var log = fixture.Log();
        for (var i = 0; i < 5; i++)
        {
            log.TryRecord(StoreFixture.Record(n: i));
        }

        await log.FlushAsync();
        Directory.Delete(fixture.Path, recursive: true);

        var after = Enumerable.Range(0, 10).Select(i => StoreFixture.Record(n: 100 + i)).ToList();
        foreach (var record in after)
        {
            Assert.That(log.TryRecord(record), Is.True);
        }

        await log.FlushAsync();
        Assert.Multiple(() =>
        {
            Assert.That(log.DroppedCount, Is.EqualTo(5), "the 5 records in the deleted segment are counted as lost");
            Assert.That(fixture.Logs.Contains(LogLevel.Error, "deleted while the process ran"), Is.True);
            Assert.That(Directory.Exists(fixture.ExecutionsPath), Is.True, "the folder is recreated");
        });
        await log.DisposeAsync();

        await using var reopened = fixture.Log();
        foreach (var record in after)
        {
            Assert.That((await reopened.FindAsync(record.Id))?.Id, Is.EqualTo(record.Id), "a record written after the deletion survives a restart");
        }
    }
}
