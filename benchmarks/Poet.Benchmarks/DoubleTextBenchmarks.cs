using System.Buffers.Text;
using BenchmarkDotNet.Attributes;

namespace Poet.Benchmarks;

/// <summary>
/// Writing one double as JSON text, what the execution log's writer does for every number a call records: measured
/// values (random full-precision numbers such as 10.482910347716228, what DriftApi's requests carry) and short
/// decimals (0.25, 1500, 12.34). Compares the runtime's shortest round-trip formatter with POET's
/// (<c>ShortDoubles.FormatAny</c>: a scan for short decimals, then <c>ShortestDoubleText</c>) and with
/// <c>ShortestDoubleText</c> alone. Per operation: 1,024 numbers.
/// Run: <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*DoubleTextBenchmarks*' --inProcess --job short</c>
/// </summary>
[MemoryDiagnoser]
public class DoubleTextBenchmarks
{
    private const int Count = 1024;
    private readonly byte[] _text = new byte[64];
    private double[] _values = [];

    /// <summary>Which numbers.</summary>
    [Params("measured", "short")]
    public string Numbers { get; set; } = "measured";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _values = Numbers == "measured"
            ? [.. Enumerable.Range(0, Count).Select(_ => 10 + random.NextDouble())]
            : [.. Enumerable.Range(0, Count).Select(_ => random.Next(-100_000, 100_000) / 100.0)];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int Runtime_Utf8Formatter()
    {
        var total = 0;
        foreach (var value in _values)
        {
            Utf8Formatter.TryFormat(value, _text, out var length);
            total += length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int Poet_ShortDoubles_FormatAny()
    {
        var total = 0;
        foreach (var value in _values)
        {
            total += ShortDoubles.FormatAny(value, _text);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int Poet_ShortestDoubleText_Alone()
    {
        var total = 0;
        foreach (var value in _values)
        {
            total += ShortestDoubleText.Format(value, _text);
        }

        return total;
    }
}
