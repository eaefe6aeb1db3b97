using System.Text.Json;

namespace Poet.Tests.Storage;

/// <summary>Arguments and results are arbitrary user objects: the log must record them without ever throwing.</summary>
public class RecordedValueTests
{
    [Test]
    public async Task Large_arrays_are_summarized_with_a_marker_length_and_statistics()
    {
        var result = await RoundTripAsync(Enumerable.Range(0, 100_000).Select(i => (double)i).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("$poet").GetString(), Is.EqualTo("truncated"));
            Assert.That(result.GetProperty("length").GetInt32(), Is.EqualTo(100_000));
            Assert.That(result.GetProperty("head").GetArrayLength(), Is.EqualTo(8));
            Assert.That(result.GetProperty("max").GetDouble(), Is.EqualTo(99_999));
            Assert.That(result.GetProperty("mean").GetDouble(), Is.EqualTo(49_999.5));
        });
    }

    [Test]
    public async Task A_large_array_whose_sum_overflows_keeps_its_summary_with_the_mean_spelled_out()
    {
        var result = await RoundTripAsync(Enumerable.Repeat(double.MaxValue, 40).Append(0.1 + 0.2).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("length").GetInt32(), Is.EqualTo(41));
            Assert.That(result.GetProperty("min").GetDouble(), Is.EqualTo(0.1 + 0.2), "written in the shortest form that reads back");
            Assert.That(result.GetProperty("max").GetDouble(), Is.EqualTo(double.MaxValue));
            Assert.That(result.GetProperty("mean").GetString(), Is.EqualTo("Infinity"));
        });
    }

    [Test]
    public async Task Large_lists_of_objects_keep_their_first_items()
    {
        var result = await RoundTripAsync(Enumerable.Range(0, 500).Select(i => new Point(i, i)).ToList());

        Assert.That(result.GetProperty("length").GetInt32(), Is.EqualTo(500));
        Assert.That(result.GetProperty("head")[1].GetProperty("x").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Cycles_are_replaced_by_a_marker()
    {
        var node = new Node { Name = "a" };
        node.Next = new Node { Name = "b", Next = node };

        var result = await RoundTripAsync(node);

        Assert.That(result.GetProperty("next").GetProperty("next").GetProperty("$poet").GetString(), Is.EqualTo("cycle"));
    }

    [Test]
    public async Task A_throwing_getter_becomes_an_error_marker_and_the_other_properties_survive()
    {
        var result = await RoundTripAsync(new Throwing());

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("fine").GetInt32(), Is.EqualTo(7));
            Assert.That(result.GetProperty("broken").GetProperty("$poet").GetString(), Is.EqualTo("error"));
            Assert.That(result.GetProperty("broken").GetProperty("detail").GetString(), Does.Contain("getter bug"));
        });
    }

    [Test]
    public async Task Values_that_are_not_data_are_replaced_by_markers()
    {
        var result = await RoundTripAsync(new
        {
            Callback = (Func<int>)(() => 1),
            Stream = new MemoryStream(),
            Type = typeof(string),
            Lazy = Enumerable.Range(0, int.MaxValue).Select(i => i * 2),
            Task = Task.CompletedTask,
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("callback").GetProperty("$poet").GetString(), Is.EqualTo("unserializable"));
            Assert.That(result.GetProperty("stream").GetProperty("$poet").GetString(), Is.EqualTo("unserializable"));
            Assert.That(result.GetProperty("type").GetProperty("$poet").GetString(), Is.EqualTo("unserializable"));
            Assert.That(result.GetProperty("lazy").GetProperty("$poet").GetString(), Is.EqualTo("lazy-sequence"), "never enumerated");
            Assert.That(result.GetProperty("task").GetProperty("$poet").GetString(), Is.EqualTo("unserializable"));
        });
    }

    [Test]
    public async Task Odd_numbers_and_text_are_kept_readable()
    {
        var result = await RoundTripAsync(new Dictionary<string, object?>
        {
            ["nan"] = double.NaN,
            ["inf"] = double.PositiveInfinity,
            ["long"] = new string('y', 10_000),
            ["broken"] = "bad\ud800text",
            ["when"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            ["kind"] = ExecutionOutcome.TimedOut,
            ["tuple"] = (1, "two"),
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("nan").GetString(), Is.EqualTo("NaN"));
            Assert.That(result.GetProperty("inf").GetString(), Is.EqualTo("Infinity"));
            Assert.That(result.GetProperty("long").GetString(), Does.EndWith("[truncated by POET: 10000 characters in full]"));
            Assert.That(result.GetProperty("broken").GetString(), Is.EqualTo("bad\uFFFDtext"));
            Assert.That(result.GetProperty("kind").GetString(), Is.EqualTo("TimedOut"));
            Assert.That(result.GetProperty("tuple").GetProperty("item2").GetString(), Is.EqualTo("two"));
        });
    }

    [Test]
    public async Task Deep_nesting_and_huge_objects_are_cut_with_a_marker()
    {
        Node deep = new() { Name = "0" };
        var cursor = deep;
        for (var i = 1; i < 100; i++)
        {
            cursor.Next = new Node { Name = i.ToString() };
            cursor = cursor.Next;
        }

        var result = await RoundTripAsync(deep);
        var text = result.GetRawText();

        Assert.That(text, Does.Contain("\"$poet\":\"depth\""));
        var huge = await RoundTripAsync(Enumerable.Range(0, 60).ToDictionary(i => "k" + i, _ => new string('z', 4000)));
        Assert.That(huge.GetRawText().Length, Is.LessThan(80_000));
        Assert.That(huge.GetRawText(), Does.Contain("truncated"));
    }

    private static async Task<JsonElement> RoundTripAsync(object value)
    {
        using var fixture = new StoreFixture();
        await using var log = fixture.Log();
        var record = StoreFixture.Record() with { Result = value };
        Assert.That(log.TryRecord(record), Is.True);
        await log.FlushAsync();
        var found = await log.FindAsync(record.Id);
        Assert.That(found, Is.Not.Null, "the record was written despite its odd values");
        return (JsonElement)found!.Result!;
    }

    private sealed record Point(int X, int Y);

    private sealed class Node
    {
        public string Name { get; set; } = string.Empty;

        public Node? Next { get; set; }
    }

    private sealed class Throwing
    {
        public int Fine => 7;

        public int Broken => throw new InvalidOperationException("getter bug");
    }
}
