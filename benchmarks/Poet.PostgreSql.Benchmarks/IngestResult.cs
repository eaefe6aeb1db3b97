using System.Globalization;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>One ingestion run: its rate, the CPU per record on each side and whether every record was stored.</summary>
/// <param name="Rate">Executions per second from the start to the last worker's flush.</param>
/// <param name="AppsUs">The app processes' CPU per record (µs).</param>
/// <param name="ServerUs">The local server's CPU per record (µs), null when it is not on this machine.</param>
/// <param name="Complete">Whether the table holds every record written.</param>
public sealed record IngestResult(double Rate, double AppsUs, double? ServerUs, bool Complete)
{
    /// <summary>The minimum, median and maximum of each figure over the runs, as one line.</summary>
    /// <param name="runs">The runs.</param>
    /// <param name="processes">App processes per run.</param>
    /// <param name="records">Records per process per run.</param>
    /// <returns>The summary.</returns>
    public static string Summary(IReadOnlyList<IngestResult> runs, int processes, int records)
    {
        var servers = runs.Where(r => r.ServerUs is not null).Select(r => r.ServerUs!.Value).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"ingest summary, {runs.Count} run(s) of {processes} x {records:N0} records (min / median / max): {Spread(runs.Select(r => r.Rate), "N0")} executions/s; " +
            $"CPU per record: apps {Spread(runs.Select(r => r.AppsUs), "F2")} us, server {(servers.Count > 0 ? Spread(servers, "F2") + " us" : "not measurable")}; " +
            $"{(runs.All(r => r.Complete) ? "every record stored" : "RECORDS MISSING")}");
    }

    private static string Spread(IEnumerable<double> values, string format)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[0].ToString(format, CultureInfo.InvariantCulture)} / {median.ToString(format, CultureInfo.InvariantCulture)} / {sorted[^1].ToString(format, CultureInfo.InvariantCulture)}");
    }
}
