using System.Text;
using System.Text.Json;
using Poet.Tests.Storage;

namespace Poet.Tests.Recording;

public sealed class ExecutionBatchTests
{
    [Test]
    public async Task A_store_gets_each_record_as_a_json_line_and_as_fields_with_json_parts()
    {
        var sink = new CapturingSink();
        var recorder = new ExecutionRecorder(sink, new PoetOptions());
        var record = StoreFixture.Record() with
        {
            Arguments = new Dictionary<string, object?> { ["current"] = new[] { 1.0, 2.5 }, ["label"] = "x" },
            LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.5 },
            Result = 42.0,
        };
        recorder.TryRecord(record);
        await recorder.DisposeAsync();

        var seen = sink.Seen.Single();
        using var line = JsonDocument.Parse(seen.Line);
        Assert.Multiple(() =>
        {
            Assert.That(seen.Id, Is.EqualTo(record.Id));
            Assert.That(seen.FunctionId, Is.EqualTo(record.FunctionId));
            Assert.That(seen.Arguments, Is.EqualTo("""{"current":[1,2.5],"label":"x"}"""));
            Assert.That(seen.Learned, Is.EqualTo("""{"threshold":3.5}"""));
            Assert.That(seen.Result, Is.EqualTo("42"));
            Assert.That(line.RootElement.GetProperty("id").GetString(), Is.EqualTo(record.Id.Value));
            Assert.That(sink.AllLines, Does.EndWith("\n"));
        });
    }

    private sealed class CapturingSink : IExecutionBatchSink
    {
        public List<(ExecutionId Id, string FunctionId, string Line, string Arguments, string Learned, string Result)> Seen { get; } = [];

        public string AllLines { get; private set; } = string.Empty;

        public ValueTask WriteAsync(ExecutionBatch batch, CancellationToken cancellationToken)
        {
            AllLines += Encoding.UTF8.GetString(batch.Lines.Span);
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                Seen.Add((e.Id, e.FunctionId, Text(e.Line), Text(e.Arguments), Text(e.LearnedParameters), Text(e.Result)));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken) => ValueTask.FromResult<ExecutionRecord?>(null);

        public ValueTask TickAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync() => ValueTask.CompletedTask;

        private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);
    }
}
