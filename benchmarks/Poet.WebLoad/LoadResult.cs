using System.Globalization;

namespace Poet.WebLoad;

/// <summary>What one run measured.</summary>
internal sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double Throughput, double P50Ms, double P99Ms, double CpuMicrosecondsPerRequest)
{
    public static LoadResult From(string name, List<double> latencies, long errors, TimeSpan elapsed, TimeSpan cpu)
    {
        latencies.Sort();
        return new LoadResult(name, latencies.Count, errors, elapsed.TotalSeconds, latencies.Count / elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu.TotalMicroseconds / Math.Max(1, latencies.Count + errors));
    }

    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Requests:N0} | {Errors} | {Throughput:N0} | {P50Ms:N2} | {P99Ms:N2} | {CpuMicrosecondsPerRequest:N1} |");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
