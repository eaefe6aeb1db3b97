using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

/// <summary>
/// Concurrent writers. Two <see cref="FileFunctionStore"/> instances on one folder stand for two processes: each
/// opens the lock file itself, and the lock is an OS file lock (flock on Linux/macOS, a sharing lock on Windows) taken
/// per open file, so two instances exclude each other exactly as two processes do. No second OS process is started.
/// </summary>
public class FunctionStoreConcurrencyTests
{
    private const string Id = "IDriftDetector.Detect";

    [Test]
    public async Task Concurrent_appends_in_one_process_write_every_version_exactly_once()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);

        var written = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.AppendVersionAsync(Id, StoreFixture.Raise(0.01, "fb" + i)))));

        AssertChain(store, written, 41);
    }

    [Test]
    public async Task Two_store_instances_on_one_folder_never_write_a_version_twice_or_lose_one()
    {
        using var fixture = new StoreFixture();
        var first = fixture.Functions();
        var second = fixture.Functions();
        StoreFixture.Create(first, Id);

        var tasks = Enumerable.Range(0, 60).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AppendVersionAsync(Id, StoreFixture.Raise(0.01, "fb" + i))));
        var written = await Task.WhenAll(tasks);

        AssertChain(first, written, 61);
        Assert.That(second.GetCurrent(Id)!.Version, Is.EqualTo(61));
    }

    [Test]
    public void Two_instances_creating_the_same_function_at_once_write_version_1_once()
    {
        using var fixture = new StoreFixture();
        var stores = new[] { fixture.Functions(), fixture.Functions() };

        var created = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(8)
            .Select(i => StoreFixture.Create(stores[i % 2], Id)).ToList();

        Assert.That(created.Select(c => c.Version).Distinct(), Is.EqualTo(new[] { 1 }));
        Assert.That(Directory.GetDirectories(Path.Combine(fixture.Path, Id), "v*"), Has.Length.EqualTo(1));
    }

    [Test]
    public void A_lock_held_elsewhere_times_out_with_an_error_naming_the_lock_file()
    {
        using var fixture = new StoreFixture();
        fixture.Options.StoreLockTimeout = TimeSpan.FromMilliseconds(200);
        var store = fixture.Functions();
        StoreFixture.Create(store, Id);
        var lockPath = Path.Combine(fixture.Path, Id, StoreLayout.LockFile);

        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var ex = Assert.ThrowsAsync<PoetStoreException>(() => store.AppendVersionAsync(Id, StoreFixture.Raise(1)));
            Assert.That(ex!.Message, Does.Contain(lockPath).And.Contain("Timed out"));
        }

        Assert.DoesNotThrowAsync(() => store.AppendVersionAsync(Id, StoreFixture.Raise(1)), "the lock is free again once released");
    }

    private static void AssertChain(IFunctionStore store, FunctionVersion?[] written, int expectedLast)
    {
        var numbers = written.Select(v => v!.Version).Order().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.EqualTo(Enumerable.Range(2, expectedLast - 1)), "each version number was allocated exactly once");
            Assert.That(store.GetVersions(Id), Is.EqualTo(Enumerable.Range(1, expectedLast)), "no version folder is missing");
            Assert.That(store.GetCurrent(Id)!.Version, Is.EqualTo(expectedLast));

            // Each version derives from the one before it, so no update was lost.
            foreach (var v in written)
            {
                Assert.That(v!.Parent, Is.EqualTo(v.Version - 1));
            }

            Assert.That(store.GetCurrent(Id)!.Parameters["threshold"], Is.EqualTo(3.0 + (0.01 * (expectedLast - 1))).Within(1e-9));
        });
    }
}
