using System.Buffers;
using System.Text;
using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet.Tests.Recording;

public sealed class LineHeadTests
{
    [TestCase("IDriftDetector.Detect", 0.0123, 0L)]
    [TestCase("Näive.Détect<\"quoted\">+\\path", 1500.0, 1234567L)]
    [TestCase("Slow.Call", 0.1 + 0.2, 10_000_000L)]
    [TestCase("Odd.Duration", double.NaN, 10L)]
    public void The_hand_written_head_is_the_text_the_json_writer_writes_for_the_same_fields(string functionId, double durationMs, long fractionTicks)
    {
        var startedAt = new DateTimeOffset(2026, 11, 30, 5, 13, 38, TimeSpan.Zero).AddTicks(fractionTicks);
        var record = new ExecutionRecord
        {
            Id = ExecutionId.New(startedAt),
            FunctionId = functionId,
            Version = 12,
            StartedAt = startedAt,
            DurationMs = durationMs,
            Attempts = 3,
            Outcome = ExecutionOutcome.TimedOut,
        };

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoreJson.WriterOptions(indented: false)))
        {
            writer.WriteStartObject();
            writer.WriteString(ExecutionLine.IdName, record.Id.Value);
            writer.WriteString(ExecutionLine.FunctionIdName, record.FunctionId);
            writer.WriteNumber(ExecutionLine.VersionName, record.Version);
            writer.WriteString(ExecutionLine.StartedAtName, record.StartedAt);
            ExecutionLine.WriteDouble(writer, ExecutionLine.DurationMsName, record.DurationMs);
            writer.WriteNumber(ExecutionLine.AttemptsName, record.Attempts);
            writer.WriteString(ExecutionLine.OutcomeName, ExecutionLine.OutcomeText(record.Outcome));
            writer.WritePropertyName(ExecutionLine.ArgumentsName);
            writer.Flush();
        }

        var head = new LineHead();
        var encodedId = head.FunctionId(functionId).ToArray();
        var bytes = new byte[LineHead.MaxFixedLength + encodedId.Length];
        Assert.That(new RecordParts(record).TryGetKey(out var key), Is.True);
        var length = head.Write(new RecordParts(record), key, encodedId, bytes);

        Assert.That(Encoding.UTF8.GetString(bytes, 0, length), Is.EqualTo(Encoding.UTF8.GetString(buffer.WrittenSpan)));
    }

    [Test]
    public void Dates_written_one_after_another_are_each_the_json_writers_text()
    {
        var head = new LineHead();
        var start = new DateTimeOffset(2026, 11, 30, 5, 13, 38, TimeSpan.Zero);
        DateTimeOffset[] dates =
        [
            start, start.AddTicks(1), start.AddTicks(1_234_500), start.AddTicks(9_999_999), start.AddSeconds(1),
            start.AddSeconds(1).AddTicks(10), start.ToOffset(TimeSpan.FromHours(2)).AddTicks(5), start.ToOffset(TimeSpan.FromMinutes(-330)),
            start.AddDays(400).AddTicks(120), start.AddTicks(3_000_000),
        ];
        foreach (var date in dates)
        {
            var record = new ExecutionRecord { Id = ExecutionId.New(date), FunctionId = "F", Version = 1, StartedAt = date, Outcome = ExecutionOutcome.Success };
            Assert.That(new RecordParts(record).TryGetKey(out var key), Is.True);
            var bytes = new byte[LineHead.MaxFixedLength + 1];
            var text = Encoding.UTF8.GetString(bytes, 0, head.Write(new RecordParts(record), key, "F"u8, bytes));

            var expected = JsonSerializer.Serialize(date, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            Assert.That(text, Does.Contain($",\"startedAt\":{expected},"), date.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
