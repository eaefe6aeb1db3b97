using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Poet.Tests.Recording;

public sealed class ShortDoublesTests
{
    [Test]
    public void Every_number_is_written_exactly_as_the_json_writer_writes_it()
    {
        var values = new List<double>
        {
            0, -0.0, 1, -1, 0.5, 0.25, 3.2, 1.1, 0.1 + 0.2, 1500, -12.125, 0.0001, 0.00012345, 0.00001, 1e-9,
            123456789012345, 999999999999999, 1e15, 1e16, 12345678901234.5, 0.123456789, 0.1234567891, 2.0 / 3,
            double.Epsilon, double.MaxValue, double.MinValue, 4.75, 0.0123, 1.5e-4, 7e14, 33.333,
        };
        for (var i = -2_000; i <= 2_000; i++)
        {
            values.Add(i / 4.0);
            values.Add(i * 0.1);
            values.Add(i * 0.01);
            values.Add(i * 0.001);
            values.Add(i + 0.5);
            values.Add(i * 1.37);
        }

        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            values.Add((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 17)));
            values.Add(Math.Round((random.NextDouble() - 0.5) * 1000, random.Next(0, 10)));
        }

        var mismatches = values
            .Select(v => (Value: v, Expected: WithJsonWriter(w => w.WriteNumberValue(v)), Actual: WithJsonWriter(w => ShortDoubles.WriteValue(w, v))))
            .Where(c => c.Expected != c.Actual)
            .Take(5)
            .Select(c => $"{c.Value.ToString("R", CultureInfo.InvariantCulture)}: writer {c.Expected}, short {c.Actual}")
            .ToList();

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void Short_decimals_take_the_short_path_and_long_fractions_do_not()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Format(0.25), Is.EqualTo("0.25"));
            Assert.That(Format(-12.125), Is.EqualTo("-12.125"));
            Assert.That(Format(0.00012345), Is.EqualTo("0.00012345"));
            Assert.That(Format(1500), Is.EqualTo("1500"));
            Assert.That(Format(0.1 + 0.2), Is.Null, "0.30000000000000004 has 17 digits: the general path");
            Assert.That(Format(-0.0), Is.Null, "-0 keeps its sign on the general path");
            Assert.That(Format(1e-5), Is.Null, "written with an exponent by the general path");
        });
    }

    [Test]
    public void A_series_is_written_in_one_piece_exactly_as_the_json_writer_writes_it_number_by_number()
    {
        var random = new Random(11);
        List<double[]> series = [[], [0.25], [-0.0, 1e-5, 0.1 + 0.2, double.MaxValue, double.Epsilon, 4.75]];
        for (var i = 0; i < 200; i++)
        {
            series.Add([.. Enumerable.Range(0, random.Next(1, 70)).Select(_ => Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 17)), random.Next(0, 12)))]);
        }

        foreach (var values in series)
        {
            var expected = Written(w =>
            {
                w.WriteStartArray();
                foreach (var v in values)
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
            });
            Assert.That(Written(w => ShortDoubles.WriteArray(w, values)), Is.EqualTo(expected));
        }
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? Format(double value)
    {
        var text = new byte[32];
        return ShortDoubles.TryFormat(value, text, out var length) ? Encoding.UTF8.GetString(text, 0, length) : null;
    }

    private static string WithJsonWriter(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            write(writer);
            write(writer);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
