using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Poet.Tests.Recording;

public sealed class ShortestDoubleTextTests
{
    [Test]
    public void Every_text_reads_back_as_the_same_double_and_is_never_longer_than_a_runtime_text_that_does()
    {
        var failures = new List<string>();
        foreach (var value in SampleValues(seed: 3, count: 300_000))
        {
            var ours = Format(value);
            var runtime = RuntimeText(value);
            if (BitConverter.DoubleToInt64Bits(double.Parse(ours, CultureInfo.InvariantCulture)) != BitConverter.DoubleToInt64Bits(value))
            {
                failures.Add($"{runtime}: ours {ours} reads back as another number");
            }
            else if (ours.Length > runtime.Length && ReadsBack(runtime, value))
            {
                failures.Add($"{runtime}: ours {ours} is longer");
            }
        }

        Assert.That(failures.Take(5), Is.Empty);
    }

    [Test]
    public void The_text_is_the_runtimes_wherever_the_runtimes_reads_back()
    {
        var mismatches = SampleValues(seed: 5, count: 300_000)
            .Select(v => (Value: v, Ours: Format(v), Runtime: RuntimeText(v)))
            .Where(c => c.Ours != c.Runtime && ReadsBack(c.Runtime, c.Value))
            .Take(5)
            .Select(c => $"runtime {c.Runtime}, ours {c.Ours}")
            .ToList();

        Assert.That(mismatches, Is.Empty);
    }

    [TestCase(0.0, "0")]
    [TestCase(-0.0, "-0")]
    [TestCase(0.3333333333333333, "0.3333333333333333")]
    [TestCase(0.1 + 0.2, "0.30000000000000004")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1E-05")]
    [TestCase(1.25e-5, "1.25E-05")]
    [TestCase(1e16, "10000000000000000")]
    [TestCase(1.5e16, "15000000000000000")]
    [TestCase(1e17, "1E+17")]
    [TestCase(123456789012345.67, "123456789012345.67")]
    [TestCase(double.MaxValue, "1.7976931348623157E+308")]
    [TestCase(-2.2250738585072014E-308, "-2.2250738585072014E-308")]
    [TestCase(double.Epsilon, "5E-324")]
    [TestCase(1e21, "1E+21")]
    [TestCase(100.0, "100")]
    public void Numbers_are_written_in_the_runtimes_form(double value, string expected) =>
        Assert.That(Format(value), Is.EqualTo(expected));

    [Test]
    public void A_power_of_two_whose_runtime_text_reads_back_as_its_neighbour_gets_a_text_that_reads_back()
    {
        var value = Math.ScaleB(1, -25);
        Assert.Multiple(() =>
        {
            Assert.That(ReadsBack(RuntimeText(value), value), Is.False, "the runtime's 2.980232238769531E-08 is the double below 2^-25");
            Assert.That(Format(value), Is.EqualTo("2.9802322387695312E-08"));
        });
    }

    [Test]
    public void The_decimal_exponent_estimates_are_exact_for_every_binary_exponent_a_double_has()
    {
        for (var q = -1100; q <= 1100; q++)
        {
            var power = q >= 0 ? new Fraction(BigInteger.One << q, 1) : new Fraction(1, BigInteger.One << -q);
            Assert.That(ShortestDoubleText.FloorLog10Pow2(q), Is.EqualTo(FloorLog10(power)), $"floor(log10 2^{q})");
            var threeQuarters = new Fraction(power.Numerator * 3, power.Denominator * 4);
            Assert.That(ShortestDoubleText.FloorLog10ThreeQuartersPow2(q), Is.EqualTo(FloorLog10(threeQuarters)), $"floor(log10 3/4 2^{q})");
        }
    }

    private static IEnumerable<double> SampleValues(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(random.NextDouble()) ^ (ulong)random.NextInt64();
            var any = BitConverter.UInt64BitsToDouble(bits);
            if (double.IsFinite(any))
            {
                yield return any;
            }

            yield return 10 + random.NextDouble();
            yield return (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 25));
        }

        for (var e = -1074; e <= 1023; e++)
        {
            var power = Math.ScaleB(1, e);
            yield return power;
            yield return -power;
            yield return Math.BitIncrement(power);
            yield return Math.BitDecrement(power);
        }
    }

    private static bool ReadsBack(string text, double value) =>
        BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)) == BitConverter.DoubleToInt64Bits(value);

    private static string Format(double value)
    {
        var text = new byte[ShortestDoubleText.MaxLength];
        return Encoding.UTF8.GetString(text, 0, ShortestDoubleText.Format(value, text));
    }

    private static string RuntimeText(double value)
    {
        var text = new byte[64];
        Utf8Formatter.TryFormat(value, text, out var length);
        return Encoding.UTF8.GetString(text, 0, length);
    }

    private static int FloorLog10(Fraction value)
    {
        var k = (int)Math.Floor(BigInteger.Log10(value.Numerator) - BigInteger.Log10(value.Denominator));
        while (!AtLeastPowerOfTen(value, k))
        {
            k--;
        }

        while (AtLeastPowerOfTen(value, k + 1))
        {
            k++;
        }

        return k;
    }

    private static bool AtLeastPowerOfTen(Fraction value, int k) => k >= 0
        ? value.Numerator >= value.Denominator * BigInteger.Pow(10, k)
        : value.Numerator * BigInteger.Pow(10, -k) >= value.Denominator;

    private readonly record struct Fraction(BigInteger Numerator, BigInteger Denominator);
}
