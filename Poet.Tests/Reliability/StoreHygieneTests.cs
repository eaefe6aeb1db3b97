using System.Text.RegularExpressions;
using Poet.Storage.FileStore;
using Poet.Tests.Storage;

namespace Poet.Tests.Reliability;

/// <summary>The store keeps its files tidy and readable: feedback retention, valid Unicode, no leftover temporaries.</summary>
public partial class StoreHygieneTests
{
    [Test]
    public async Task Stored_feedback_stays_within_its_size_limit_by_deleting_the_oldest()
    {
        using var fixture = new StoreFixture();
        fixture.Options.FeedbackRetentionMegabytes = 1;
        var store = fixture.Feedback();
        var payload = "\"" + new string('x', 60_000) + "\"";
        for (var i = 0; i < 60; i++)
        {
            await store.SaveAsync(Feedback($"fb{i:D3}", payload));
        }

        var folder = Path.Combine(fixture.Path, StoreLayout.FeedbackFolder);
        var total = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var kept = await store.ListAsync("IDriftDetector.Detect");

        Assert.Multiple(() =>
        {
            Assert.That(total, Is.LessThanOrEqualTo((1024 * 1024) + (1024 * 1024 / 8) + 70_000), "at most the limit, an eighth, and one record");
            Assert.That(kept, Has.Count.LessThan(60));
            Assert.That(kept[^1].Id, Is.EqualTo("fb059"), "the newest record is kept");
        });
    }

    [Test]
    public async Task Feedback_with_a_lone_surrogate_is_stored_as_valid_unicode()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Feedback();
        await store.SaveAsync(Feedback("lone", "{\"text\":\"bad \\ud800 char\",\"pair\":\"\\ud83d\\ude00\"}") with { RawJson = "{\"text\":\"bad \\ud800 char\",\"pair\":\"\\ud83d\\ude00\"}" });
        await store.SaveAsync(Feedback("lone-char", "\"x\"") with { RawJson = "\"bad \ud800 char\"" });

        foreach (var file in Directory.EnumerateFiles(Path.Combine(fixture.Path, StoreLayout.FeedbackFolder), "*.json", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.Multiple(() =>
            {
                Assert.That(System.Text.Unicode.Utf8.IsValid(bytes), Is.True, file);
                Assert.That(LoneSurrogateEscape().IsMatch(text), Is.False, $"{file} holds a lone surrogate escape: {text}");
            });
        }

        Assert.That((await store.FindAsync("lone"))!.RawJson, Does.Contain("\\ud83d\\ude00"), "a valid surrogate pair is kept");
    }

    [Test]
    public void Temporary_files_left_by_a_killed_writer_are_removed_when_the_store_opens()
    {
        using var fixture = new StoreFixture();
        fixture.OpenRoot();
        var feedback = Path.Combine(fixture.Path, StoreLayout.FeedbackFolder, "f");
        Directory.CreateDirectory(feedback);
        var stale = Path.Combine(feedback, ".x.json.0123" + AtomicFile.TempSuffix);
        var fresh = Path.Combine(fixture.Path, ".format.4567" + AtomicFile.TempSuffix);
        File.WriteAllText(stale, "half");
        File.WriteAllText(fresh, "being written by another process");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - StoreRoot.StaleTempAge - TimeSpan.FromMinutes(1));

        fixture.OpenRoot();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(stale), Is.False, "an old temporary file is removed");
            Assert.That(File.Exists(fresh), Is.True, "a recent one may belong to a live writer and stays");
        });
    }

    private static FeedbackRecord Feedback(string id, string raw) => new()
    {
        Id = id,
        ExecutionId = ExecutionId.New(),
        FunctionId = "IDriftDetector.Detect",
        ReceivedAt = DateTimeOffset.UtcNow,
        RawJson = raw,
        RawSize = raw.Length,
    };

    [GeneratedRegex(@"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")]
    private static partial Regex LoneSurrogateEscape();
}
