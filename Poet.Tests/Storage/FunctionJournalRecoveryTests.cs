using Microsoft.Extensions.Logging;
using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

/// <summary>
/// Every change of a function folder is journaled (one flush) before its files are written without a flush each. A
/// journal left behind at any step of a change (a crash, or a power loss that took what was not flushed) is finished
/// when the store is opened, or by the next writer of an open store, and then emptied (checkpoint).
/// </summary>
public class FunctionJournalRecoveryTests
{
    private const string Id = "IDriftDetector.Detect";

    /// <summary>Where a commit of v2 stopped: what of it is on disk besides its journal line.</summary>
    public enum Stop
    {
        /// <summary>Only the journal line: no v2, current still 1, no history line.</summary>
        AfterJournal,

        /// <summary>v2 renamed in; current and history not written.</summary>
        AfterVersionFolder,

        /// <summary>v2 and its history line; current still 1.</summary>
        AfterHistory,

        /// <summary>Everything written, the journal not yet checkpointed.</summary>
        Complete,

        /// <summary>A power loss: v2's names reached the disk, not their content (empty files), current empty, no history line.</summary>
        PowerLossEmptyFiles,
    }

    [TestCase(Stop.AfterJournal)]
    [TestCase(Stop.AfterVersionFolder)]
    [TestCase(Stop.AfterHistory)]
    [TestCase(Stop.Complete)]
    [TestCase(Stop.PowerLossEmptyFiles)]
    public async Task A_journaled_version_is_complete_and_current_at_open_whatever_step_it_stopped_at(Stop stop)
    {
        using var fixture = new StoreFixture();
        var expected = await CommitTwoVersionsAsync(fixture);
        Undo(fixture, stop, expected);

        await using (var store = PoetFileStore.Open(fixture.Options, fixture.Logs))
        {
            var current = store.Functions.GetCurrent(Id);
            Assert.Multiple(() =>
            {
                Assert.That(current!.Version, Is.EqualTo(2));
                Assert.That(current.Parameters["threshold"], Is.EqualTo(3.5).Within(1e-9));
                Assert.That(VersionFiles(fixture, 2), Is.EqualTo(expected.V2Files), "v2's three files, byte for byte");
                Assert.That(File.ReadAllText(CurrentPath(fixture)), Is.EqualTo("2\n"));
                Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2 }), "one history line each, in order");
                Assert.That(JournalLength(fixture), Is.Zero, "checkpointed at open");
            });
            if (stop is Stop.Complete)
            {
                Assert.That(fixture.Logs.Contains(LogLevel.Warning, "written again from journal.jsonl"), Is.False, "nothing to repair");
            }
            else
            {
                Assert.That(fixture.Logs.Contains(LogLevel.Warning, "written again from journal.jsonl"), Is.True);
            }

            var next = await store.Functions.AppendVersionAsync(Id, StoreFixture.Raise(0.25));
            Assert.That(next!.Parent, Is.EqualTo(2), "derived from the recovered version");
        }

        Assert.That(JournalLength(fixture), Is.Zero, "disposing the store checkpoints its journals");
    }

    [Test]
    public async Task The_next_writer_of_an_open_store_finishes_a_change_another_writer_journaled_and_did_not_write()
    {
        using var fixture = new StoreFixture();
        var opened = fixture.Functions(); // this store instance is open before the other writer's change
        StoreFixture.Create(opened, Id);
        var expected = await CommitTwoVersionsAsync(fixture, alreadyCreated: true); // another instance (as another process) writes v2
        Undo(fixture, Stop.AfterJournal, expected); // ... and dies right after its journal flush

        var v3 = await opened.AppendVersionAsync(Id, StoreFixture.Raise(0.25));
        Assert.Multiple(() =>
        {
            Assert.That(v3!.Version, Is.EqualTo(3));
            Assert.That(v3.Parent, Is.EqualTo(2), "not derived from the stale current");
            Assert.That(v3.Parameters["threshold"], Is.EqualTo(3.75).Within(1e-9));
            Assert.That(VersionFiles(fixture, 2), Is.EqualTo(expected.V2Files));
            Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2, 3 }));
        });
    }

    [Test]
    public async Task A_torn_journal_line_that_was_never_flushed_is_skipped_and_the_next_change_is_written_after_it()
    {
        using var fixture = new StoreFixture();
        var functions = fixture.Functions();
        StoreFixture.Create(functions, Id);
        functions.CheckpointJournals();
        await File.AppendAllTextAsync(JournalPath(fixture), "{\"id\":\"torn\",\"version\":2,\"metad"); // the crash: cut mid-write, before its flush

        await using var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(1));
            Assert.That(Directory.Exists(Path.Combine(fixture.Path, Id, "v2")), Is.False, "a change that was never acknowledged is not applied");
            Assert.That(fixture.Logs.Contains(LogLevel.Warning, "unreadable line"), Is.True);
        });

        var v2 = await store.Functions.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        Assert.Multiple(() =>
        {
            Assert.That(v2!.Version, Is.EqualTo(2));
            Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public async Task A_journaled_rollback_whose_current_a_power_loss_took_names_the_rolled_back_version_again_at_open()
    {
        using var fixture = new StoreFixture();
        var functions = fixture.Functions();
        StoreFixture.Create(functions, Id);
        await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        await functions.SetCurrentAsync(Id, 1, new VersionReason { Kind = "rollback", Rationale = "operator" });
        File.WriteAllText(CurrentPath(fixture), "3\n"); // current's new content never reached the disk
        DropLastHistoryLine(fixture);

        await using var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(store.Functions.GetCurrent(Id)!.Version, Is.EqualTo(1));
            Assert.That(HistoryVersions(fixture), Is.EqualTo(new[] { 1, 2, 3, 1 }));
        });
    }

    [Test]
    public async Task A_processed_feedback_record_lost_with_the_power_is_written_again_from_its_function_journal()
    {
        using var fixture = new StoreFixture();
        var functions = fixture.Functions();
        StoreFixture.Create(functions, Id);
        functions.CheckpointJournals();
        var feedback = fixture.Feedback();
        var received = new FeedbackRecord
        {
            Id = "fb-1",
            ExecutionId = ExecutionId.New(),
            FunctionId = Id,
            ReceivedAt = DateTimeOffset.UtcNow,
            RawJson = "\"false alarm\"",
            RawSize = 13,
        };
        await feedback.SaveAsync(received); // as received: not flushed
        var raw = File.ReadAllBytes(FeedbackPath(fixture, "fb-1"));
        await feedback.SaveAsync(received with
        {
            Signal = new LearningSignal { Verdict = FeedbackVerdict.FalsePositive, Confidence = 0.9, Translator = "offline" },
            ProducedVersion = 2,
        }); // processed: journaled (flushed), then written without a flush
        Assert.That(JournalLength(fixture), Is.GreaterThan(0), "the processed record went through the function's journal");
        File.WriteAllBytes(FeedbackPath(fixture, "fb-1"), raw); // the power loss took the second write of the file

        await using var store = PoetFileStore.Open(fixture.Options, fixture.Logs);
        var found = await store.Feedback.FindAsync("fb-1");
        Assert.Multiple(() =>
        {
            Assert.That(found!.Signal!.Verdict, Is.EqualTo(FeedbackVerdict.FalsePositive));
            Assert.That(found.ProducedVersion, Is.EqualTo(2));
            Assert.That(JournalLength(fixture), Is.Zero);
        });
    }

    [Test]
    public async Task A_journal_past_its_size_limit_is_checkpointed_by_the_change_that_grows_it()
    {
        using var fixture = new StoreFixture();
        var functions = fixture.Functions();
        StoreFixture.Create(functions, Id);
        var largest = 0L;
        for (var i = 0; i < 200 && largest <= FunctionJournal.CheckpointBytes; i++)
        {
            await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.001));
            largest = Math.Max(largest, JournalLength(fixture));
            if (JournalLength(fixture) < largest)
            {
                break; // emptied by a checkpoint
            }
        }

        Assert.That(JournalLength(fixture), Is.LessThan(largest), "the journal was emptied once it passed the limit");
        Assert.That(largest, Is.LessThanOrEqualTo(FunctionJournal.CheckpointBytes + (64 * 1024)), "it never grows far past the limit");
    }

    private sealed record Expected(byte[][] V2Files, string V2HistoryLine);

    private static async Task<Expected> CommitTwoVersionsAsync(StoreFixture fixture, bool alreadyCreated = false)
    {
        var functions = fixture.Functions();
        if (!alreadyCreated)
        {
            StoreFixture.Create(functions, Id);
        }

        await functions.AppendVersionAsync(Id, StoreFixture.Raise(0.5));
        return new Expected(VersionFiles(fixture, 2), File.ReadAllLines(HistoryPath(fixture))[^1]);
    }

    private static void Undo(StoreFixture fixture, Stop stop, Expected expected)
    {
        var v2 = Path.Combine(fixture.Path, Id, "v2");
        switch (stop)
        {
            case Stop.AfterJournal:
                Directory.Delete(v2, recursive: true);
                File.WriteAllText(CurrentPath(fixture), "1\n");
                DropLastHistoryLine(fixture);
                break;
            case Stop.AfterVersionFolder:
                File.WriteAllText(CurrentPath(fixture), "1\n");
                DropLastHistoryLine(fixture);
                break;
            case Stop.AfterHistory:
                File.WriteAllText(CurrentPath(fixture), "1\n");
                break;
            case Stop.PowerLossEmptyFiles:
                foreach (var file in Directory.GetFiles(v2))
                {
                    File.WriteAllBytes(file, []);
                }

                File.WriteAllBytes(CurrentPath(fixture), []);
                DropLastHistoryLine(fixture);
                break;
            default:
                break;
        }

        Assert.That(JournalLength(fixture), Is.GreaterThan(0), $"the change to v2 ({expected.V2HistoryLine.Length} B history line) is still journaled");
    }

    private static void DropLastHistoryLine(StoreFixture fixture)
    {
        var lines = File.ReadAllLines(HistoryPath(fixture));
        File.WriteAllLines(HistoryPath(fixture), lines[..^1]);
    }

    private static byte[][] VersionFiles(StoreFixture fixture, int version) =>
        new[] { "metadata.json", "enhanced.json", "train.json" }.Select(name => File.ReadAllBytes(Path.Combine(fixture.Path, Id, "v" + version, name))).ToArray();

    private static int[] HistoryVersions(StoreFixture fixture) =>
        File.ReadAllLines(HistoryPath(fixture))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("version").GetInt32())
            .ToArray();

    private static long JournalLength(StoreFixture fixture) =>
        File.Exists(JournalPath(fixture)) ? new FileInfo(JournalPath(fixture)).Length : 0;

    private static string JournalPath(StoreFixture fixture) => Path.Combine(fixture.Path, Id, StoreLayout.JournalFile);

    private static string CurrentPath(StoreFixture fixture) => Path.Combine(fixture.Path, Id, "current");

    private static string HistoryPath(StoreFixture fixture) => Path.Combine(fixture.Path, Id, "history.jsonl");

    private static string FeedbackPath(StoreFixture fixture, string id) =>
        Path.Combine(fixture.Path, "feedback", Id, id + ".json");
}
