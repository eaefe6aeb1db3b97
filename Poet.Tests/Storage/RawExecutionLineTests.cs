using System.Text;
using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

/// <summary>The compact remote batch: execution log lines stored as they are, after a check of every line.</summary>
public class RawExecutionLineTests
{
    [Test]
    public async Task A_line_stored_as_it_is_reads_back_as_the_record_it_was_written_from()
    {
        using var source = new StoreFixture();
        var records = new[]
        {
            StoreFixture.Record(n: 1),
            StoreFixture.Record(n: 2) with { Outcome = ExecutionOutcome.Failed, Error = new ExecutionError("System.InvalidOperationException", "bad \"input\""), Result = null },
            StoreFixture.Record(n: 3) with { Arguments = new Dictionary<string, object?> { ["naïve name"] = "line\nbreak", ["empty"] = Array.Empty<double>() } },
        };
        await using (var log = source.Log())
        {
            await log.AppendAsync(records);
        }

        var lines = File.ReadAllBytes(Directory.GetFiles(source.ExecutionsPath, "*.jsonl").Single());
        var parsed = Split(lines).Select(line =>
        {
            Assert.That(RawExecutionLine.TryParse(line, out var raw, out var problem), Is.True, problem);
            return raw!;
        }).ToList();

        using var target = new StoreFixture();
        await using var service = target.Log();
        await ((IExecutionLineStore)service).AppendAsync(parsed, CancellationToken.None);

        var copied = File.ReadAllBytes(Directory.GetFiles(target.ExecutionsPath, "*.jsonl").Single());
        Assert.That(Encoding.UTF8.GetString(copied), Is.EqualTo(Encoding.UTF8.GetString(lines)), "the service's log holds the same lines");
        var failed = await service.FindAsync(records[1].Id);
        Assert.That(failed!.Error, Is.EqualTo(records[1].Error));
        Assert.That((await service.FindAsync(records[2].Id))!.Arguments.Keys, Is.EquivalentTo(new[] { "naïve name", "empty" }));
    }

    [Test]
    public void The_recorders_own_lines_are_copied_as_they_are_and_other_valid_lines_are_written_afresh()
    {
        var id = ExecutionId.New().Value;
        const string Rest = "\"version\":1,\"startedAt\":\"2026-11-30T00:00:00+00:00\",\"durationMs\":0.5,\"attempts\":1,\"outcome\":\"Success\",\"arguments\":{\"x\":1},\"learnedParameters\":{\"t\":3},\"result\":null,\"error\":null}";
        string Canonical(string idText) => $"{{\"id\":\"{idText}\",\"functionId\":\"F\",{Rest}";

        Assert.Multiple(() =>
        {
            Assert.That(Verbatim(Canonical(id)), Is.True, "the form the recorder writes");
            Assert.That(Verbatim(Canonical(id.ToLowerInvariant())), Is.False, "a lower-case id: the log keeps ids in upper case");
            Assert.That(Verbatim($"{{\"functionId\":\"F\",\"id\":\"{id}\",{Rest}"), Is.False, "the id not first: the log's index reads it from the line's start");
            Assert.That(Verbatim(Canonical(id).Replace(",\"result\":null", "", StringComparison.Ordinal)), Is.False, "no result");
            Assert.That(Verbatim(Canonical(id).Replace("\"attempts\":1", "\"attempts\":1,\"version\":2", StringComparison.Ordinal)), Is.False, "a field named twice");
            Assert.That(Verbatim(Canonical(id).Replace("\"error\":null", "\"error\":{\"type\":\"E\"}", StringComparison.Ordinal)), Is.False, "an error without its message");
            Assert.That(Verbatim(Canonical(id).Replace("\"durationMs\":0.5", "\"durationMs\":\"slow\"", StringComparison.Ordinal)), Is.False, "a duration that is not a number");
            Assert.That(Verbatim(Canonical(id).Replace("\"outcome\"", "\"\\u006futcome\"", StringComparison.Ordinal)), Is.False, "an escaped field name");
        });
    }

    [Test]
    public async Task A_valid_line_in_another_form_is_stored_in_the_logs_form_and_reads_back()
    {
        var id = ExecutionId.New();
        var line = $"{{\"functionId\":\"F\", \"version\":2,\"startedAt\":\"2026-11-30T00:00:00+00:00\",\"id\":\"{id.Value.ToLowerInvariant()}\",\"arguments\":{{\"x\": [1, 2]}},\"extra\":true}}";
        Assert.That(RawExecutionLine.TryParse(Encoding.UTF8.GetBytes(line), out var parsed, out var problem), Is.True, problem);

        using var target = new StoreFixture();
        await using var service = target.Log();
        await ((IExecutionLineStore)service).AppendAsync([parsed!], CancellationToken.None);

        var stored = File.ReadAllText(Directory.GetFiles(target.ExecutionsPath, "*.jsonl").Single());
        Assert.That(stored, Does.StartWith($"{{\"id\":\"{id.Value}\",\"functionId\":\"F\",\"version\":2,"), "written afresh, id first and in upper case");
        var found = await service.FindAsync(id);
        Assert.That(found, Is.Not.Null);
        Assert.That(found!.Version, Is.EqualTo(2));
        Assert.That(found.Arguments["x"]!.ToString(), Is.EqualTo("[1, 2]"));
        Assert.That(found.Result, Is.Null);
    }

    [Test]
    public void A_line_copied_as_it_is_gives_a_store_its_fields_and_json_parts()
    {
        var id = ExecutionId.New();
        var line = $"{{\"id\":\"{id}\",\"functionId\":\"F\",\"version\":3,\"startedAt\":\"2026-11-30T00:00:00+00:00\",\"durationMs\":0.25,\"attempts\":2,\"outcome\":\"Failed\",\"arguments\":{{\"x\":[1,2]}},\"learnedParameters\":{{\"t\":3.5}},\"result\":null,\"error\":{{\"type\":\"E\",\"message\":\"m\"}}}}";
        Assert.That(RawExecutionLine.TryParse(Encoding.UTF8.GetBytes(line), out var parsed, out var problem), Is.True, problem);
        Assert.That(parsed!.IsVerbatim, Is.True);

        using var batch = new ExecutionBatch(new SafeValueWriter(RecordedValueLimits.From(new PoetOptions())), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.That(batch.Add(new RecordParts(StoreFixture.Record(n: 1))), Is.True, "a record written before it");
        Assert.That(batch.Add(parsed), Is.True);

        var copied = batch[1];
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(copied.Line.Span), Is.EqualTo(line));
            Assert.That(Encoding.UTF8.GetString(batch.Lines.Span), Does.EndWith(line + "\n"));
            Assert.That(copied.Id, Is.EqualTo(id));
            Assert.That((copied.FunctionId, copied.Version, copied.Attempts, copied.Outcome, copied.DurationMs), Is.EqualTo(("F", 3, 2, ExecutionOutcome.Failed, 0.25)));
            Assert.That(copied.Error, Is.EqualTo(new ExecutionError("E", "m")));
            Assert.That(Encoding.UTF8.GetString(copied.Arguments.Span), Is.EqualTo("{\"x\":[1,2]}"));
            Assert.That(Encoding.UTF8.GetString(copied.LearnedParameters.Span), Is.EqualTo("{\"t\":3.5}"));
            Assert.That(Encoding.UTF8.GetString(copied.Result.Span), Is.EqualTo("null"));
        });
    }

    [TestCase("{\"functionId\":\"F\",\"version\":1,\"startedAt\":\"2026-11-30T00:00:00+00:00\"}", "id")]
    [TestCase("{\"id\":\"01J0000000000000000000000A\",\"version\":1,\"startedAt\":\"2026-11-30T00:00:00+00:00\"}", "functionId")]
    [TestCase("{\"id\":\"01J0000000000000000000000A\",\"functionId\":\"F\",\"version\":0,\"startedAt\":\"2026-11-30T00:00:00+00:00\"}", "version")]
    [TestCase("{\"id\":\"not-an-id\",\"functionId\":\"F\",\"version\":1,\"startedAt\":\"2026-11-30T00:00:00+00:00\"}", "execution id")]
    [TestCase("{\"id\":\"01J0000000000000000000000A\",\"functionId\":\"F\",\"version\":1,\"startedAt\":\"2026-11-30T00:00:00+00:00\",\"arguments\":{\"x\":[1,2}}", "")]
    [TestCase("{\"id\":\"01J0000000000000000000000A\",\"functionId\":\"F\",\"version\":1,\"startedAt\":\"2026-11-30T00:00:00+00:00\"} {}", "")]
    [TestCase("[1,2,3]", "object")]
    public void A_line_that_is_not_an_execution_record_is_refused_with_the_reason(string line, string reason)
    {
        Assert.That(RawExecutionLine.TryParse(Encoding.UTF8.GetBytes(line), out var parsed, out var problem), Is.False);
        Assert.That(parsed, Is.Null);
        Assert.That(problem, Is.Not.Empty.And.Contains(reason));
    }

    [Test]
    public void Every_outcome_name_reads_back_and_lines_of_one_function_share_one_id_string()
    {
        foreach (var outcome in Enum.GetValues<ExecutionOutcome>())
        {
            Assert.That(Parse("F", $"\"{outcome}\"").Outcome, Is.EqualTo(outcome));
        }

        Assert.That(Parse("F", "\"Later\"").Outcome, Is.EqualTo(ExecutionOutcome.Success), "an outcome this code does not know reads as a success, as before");
        Assert.That(RawExecutionLine.TryParse(Line("F", "7"), out _, out var problem), Is.False, "a number is not an outcome");
        Assert.That(problem, Is.Not.Empty);

        var first = Parse("IDrift.Detect", "\"Success\"");
        var second = Parse("IDrift.Detect", "\"Failed\"");
        var other = Parse("IOther.Check", "\"Success\"");
        var escaped = Parse("IOther\\u002eCheck", "\"Success\"");
        Assert.Multiple(() =>
        {
            Assert.That(second.FunctionId, Is.SameAs(first.FunctionId), "one string for the lines of one function");
            Assert.That(other.FunctionId, Is.EqualTo("IOther.Check"));
            Assert.That(escaped.FunctionId, Is.EqualTo("IOther.Check"), "an escaped id is compared as text");
        });
    }

    private static bool Verbatim(string line)
    {
        Assert.That(RawExecutionLine.TryParse(Encoding.UTF8.GetBytes(line), out var parsed, out var problem), Is.True, problem);
        return parsed!.IsVerbatim;
    }

    private static RawExecutionLine Parse(string functionId, string outcome)
    {
        Assert.That(RawExecutionLine.TryParse(Line(functionId, outcome), out var parsed, out var problem), Is.True, problem);
        return parsed!;
    }

    private static byte[] Line(string functionId, string outcome) => Encoding.UTF8.GetBytes(
        $"{{\"id\":\"{ExecutionId.New()}\",\"functionId\":\"{functionId}\",\"version\":1,\"startedAt\":\"2026-11-30T00:00:00+00:00\",\"outcome\":{outcome}}}");

    private static IEnumerable<ReadOnlyMemory<byte>> Split(byte[] lines)
    {
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] == (byte)'\n')
            {
                yield return lines.AsMemory(start, i - start);
                start = i + 1;
            }
        }
    }
}
