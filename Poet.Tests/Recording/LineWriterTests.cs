using System.Text;
using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet.Tests.Recording;

/// <summary>The line writer writes values by hand only where its text is exactly the JSON writer's.</summary>
public sealed class LineWriterTests
{
    private static readonly RecordedValueLimits Limits = new(MaxItems: 4, MaxStringChars: 16, MaxValueBytes: 1024);

    private static IEnumerable<object?> Values()
    {
        yield return null;
        yield return 0.0;
        yield return -0.0;
        yield return 0.25;
        yield return 10.482910347716228;
        yield return 1e300;
        yield return double.NaN;
        yield return double.PositiveInfinity;
        yield return double.NegativeInfinity;
        yield return 0;
        yield return int.MinValue;
        yield return long.MaxValue;
        yield return true;
        yield return false;
        yield return string.Empty;
        yield return "sensor-7";
        yield return "<a href='x'>&</a>";
        yield return "quote \" back \\ slash";
        yield return "tab\there";
        yield return "naïve";
        yield return "a string longer than sixteen characters";
        yield return "lone \ud800 surrogate";
        yield return new[] { 1.0, 2.5, -3.75 };
        yield return new[] { 1.0, double.NaN };
        yield return new[] { 1.0, 2, 3, 4, 5 };
        yield return new Dictionary<string, object?> { ["a"] = 1, ["b"] = new[] { "x" } };
        yield return 1.5f;
        yield return 12.5m;
    }

    [TestCaseSource(nameof(Values))]
    public void A_value_is_written_as_the_defensive_json_writer_writes_it(object? value)
    {
        var expected = WithJsonWriter(json => new SafeValueWriter(Limits).WriteValue(json, value));

        var written = WithLineWriter(line => line.Value(value));

        Assert.That(written, Is.EqualTo(expected));
    }

    [Test]
    public void Every_ascii_character_in_a_string_is_escaped_as_the_json_writer_escapes_it()
    {
        for (var c = (char)0; c < 128; c++)
        {
            var text = "x" + c + "y";
            var expected = WithJsonWriter(json => json.WriteStringValue(text));

            var written = WithLineWriter(line => line.String(text));

            Assert.That(written, Is.EqualTo(expected), $"character {(int)c}");
        }
    }

    [TestCase("threshold")]
    [TestCase("with \"quote\"")]
    [TestCase("<html>&")]
    [TestCase("naïve")]
    [TestCase("$poet")]
    public void Property_names_and_learned_values_are_written_as_the_json_writer_writes_them(string name)
    {
        var learned = new Dictionary<string, double> { [name] = 3.2, ["other"] = double.NaN };
        var expected = WithJsonWriter(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName(name);
            json.WriteNumberValue(3.2);
            json.WriteString("other", "NaN");
            json.WriteEndObject();
        });

        var written = WithLineWriter(line =>
        {
            line.StartObject();
            line.Learned(learned);
            line.EndObject();
        });

        Assert.That(written, Is.EqualTo(expected));
    }

    private static string WithJsonWriter(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, StoreJson.WriterOptions(indented: false)))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string WithLineWriter(Action<LineWriter> write)
    {
        using var buffer = new PooledBufferWriter(256);
        using var json = new Utf8JsonWriter(buffer, StoreJson.WriterOptions(indented: false));
        write(new LineWriter(buffer, json, new SafeValueWriter(Limits), Limits));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
