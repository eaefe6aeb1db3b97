using System.Text.Json;
using Poet.Storage.FileStore;
using Poet.Tests.Learning;

namespace Poet.Tests.Reliability;

/// <summary>
/// Feedback payloads that would hang or eat memory: a pending task is stored as a marker (never awaited or blocked
/// on), an endless sequence is never enumerated for storage and only a bounded prefix is read for analysis, a getter
/// that never returns is abandoned after the read bound, and the stored record says what was cut and why.
/// </summary>
[Category("Faults")]
public class HostileFeedbackPayloadTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly ManualResetEventSlim _release = new();

    [TearDown]
    public void TearDown() => _release.Set(); // lets an abandoned getter end

    [Test]
    public async Task A_pending_task_payload_is_stored_as_a_marker_without_waiting_for_it()
    {
        var pending = new TaskCompletionSource<int>().Task; // never completes
        var stored = await GiveAsync(pending);

        Assert.Multiple(() =>
        {
            Assert.That(Marker(stored.RawJson), Is.EqualTo("task"));
            Assert.That(stored.RawTruncated, Is.True);
            Assert.That(stored.RawTruncatedReason, Does.Contain("task"));
            Assert.That(stored.Normalized!.Kind, Is.EqualTo("task"));
        });
    }

    [Test]
    public async Task A_pending_value_task_payload_is_stored_as_a_marker_without_waiting_for_it()
    {
        var pending = new ValueTask<int>(new TaskCompletionSource<int>().Task);
        var stored = await GiveAsync(pending);

        Assert.That(Marker(stored.RawJson), Is.EqualTo("task"));
    }

    [Test]
    public async Task An_endless_sequence_is_not_enumerated_for_storage_and_read_only_up_to_the_item_bound()
    {
        var stored = await GiveAsync(Endless());

        Assert.Multiple(() =>
        {
            Assert.That(Marker(stored.RawJson), Is.EqualTo("lazy-sequence"));
            Assert.That(stored.RawTruncatedReason, Does.Contain("lazy sequence"));
            Assert.That(stored.Normalized!.Kind, Is.EqualTo("array"));
        });
    }

    [Test]
    public async Task An_object_holding_a_pending_task_and_an_endless_sequence_keeps_its_other_members()
    {
        var stored = await GiveAsync(new { rating = 4, comment = "late but right", pending = new TaskCompletionSource<int>().Task, items = Endless() });

        using var raw = JsonDocument.Parse(stored.RawJson);
        Assert.Multiple(() =>
        {
            Assert.That(raw.RootElement.GetProperty("rating").GetInt32(), Is.EqualTo(4));
            Assert.That(Marker(raw.RootElement.GetProperty("pending").GetRawText()), Is.EqualTo("unserializable"));
            Assert.That(Marker(raw.RootElement.GetProperty("items").GetRawText()), Is.EqualTo("lazy-sequence"));
            Assert.That(stored.RawTruncated, Is.True);
            Assert.That(stored.Normalized!.Rating, Is.EqualTo(0.75));
            Assert.That(stored.Normalized.Text, Is.EqualTo("late but right"));
        });
    }

    [Test]
    public async Task A_payload_whose_getter_never_returns_is_abandoned_after_the_read_bound()
    {
        var stored = await GiveAsync(new HangingGetter(_release));

        Assert.Multiple(() =>
        {
            Assert.That(Marker(stored.RawJson), Is.EqualTo("timeout"));
            Assert.That(stored.RawTruncatedReason, Does.Contain("longer than"));
            Assert.That(stored.Normalized!.Kind, Is.EqualTo("unreadable"));
        });
    }

    [Test]
    public void The_file_store_keeps_the_marked_payload_as_JSON_with_the_reason()
    {
        var record = new FeedbackRecord
        {
            Id = "fb-1",
            ExecutionId = ExecutionId.New(),
            FunctionId = "IDriftDetector.Detect",
            ReceivedAt = DateTimeOffset.UtcNow,
            RawJson = "{\"rating\":4,\"items\":{\"$poet\":\"lazy-sequence\"}}",
            RawTruncated = true,
            RawTruncatedReason = "a lazy sequence was not enumerated",
            RawSize = 44,
        };

        var bytes = FeedbackDocument.Write(record, 1000);
        using var document = JsonDocument.Parse(bytes);
        var read = FeedbackDocument.Read(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("raw").GetProperty("rating").GetInt32(), Is.EqualTo(4));
            Assert.That(document.RootElement.GetProperty("rawTruncated").GetBoolean(), Is.True);
            Assert.That(document.RootElement.GetProperty("rawTruncatedReason").GetString(), Is.EqualTo("a lazy sequence was not enumerated"));
            Assert.That(read.RawTruncatedReason, Is.EqualTo("a lazy sequence was not enumerated"));
        });
    }

    private static async Task<FeedbackRecord> GiveAsync(object payload)
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var report = h.Detect(score: 4.0);

        await h.Feedback.FeedbackAsync(report, payload).WaitAsync(HangGuard);

        return (await h.FeedbackStore.ListAsync(LearningHarness.DetectorId)).Single();
    }

    private static string? Marker(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("$poet", out var marker)
            ? marker.GetString()
            : null;
    }

    private static IEnumerable<int> Endless()
    {
        for (var i = 0; ; i++)
        {
            yield return i;
        }
    }

    private sealed class HangingGetter(ManualResetEventSlim release)
    {
        public int Rating
        {
            get
            {
                release.Wait();
                return 1;
            }
        }
    }
}
