using System.Text;

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
