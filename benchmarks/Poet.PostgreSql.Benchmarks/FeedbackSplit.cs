using System.Diagnostics;
using System.Globalization;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// Where the time of one feedback goes (diagnostic, beside <see cref="PostgreSqlFeedbackBenchmarks"/>): the same setup
/// and the same feedback calls, with Npgsql's own tracing (its <c>Npgsql</c> activity source) timing every database
/// round trip. Prints the median of the whole call and, per statement, its median time and how many ran per feedback;
/// what is left is the app's own work (translation, credit assignment, the agreement search, JSON).
/// </summary>
public static class FeedbackSplit
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var bench = new PostgreSqlFeedbackBenchmarks();
        await bench.Setup();
        var statements = new List<(string Sql, double Ms)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var sql = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
                lock (statements)
                {
                    statements.Add((Shorten(sql), activity.Duration.TotalMilliseconds));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var totals = await TimeFeedbackAsync(bench, calls);

        await bench.Cleanup();
        var learning = await LearningOnlyAsync(calls);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"feedback -> version written: median {Median(totals):F2} ms over {calls} calls"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {learning,7:F2} ms median: the same feedback over the in-memory stores (diagnostic stand-in: learning's own work, no database)"));
        foreach (var group in statements.GroupBy(s => s.Sql).OrderByDescending(g => g.Sum(s => s.Ms)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Median(group.Select(s => s.Ms).ToList()),7:F2} ms median, {(double)group.Count() / calls,4:F1} per feedback: {group.Key}"));
        }

        return 0;
    }

    /// <summary>The median of the same calls over POET's in-memory stores: what learning itself costs per feedback.</summary>
    private static async Task<double> LearningOnlyAsync(int calls)
    {
        var bench = new PostgreSqlFeedbackBenchmarks();
        await bench.SetupAsync(inMemory: true);
        var totals = await TimeFeedbackAsync(bench, calls);

        await bench.Cleanup();
        return Median(totals);
    }

    /// <summary>Gives <paramref name="calls"/> feedbacks one after the other; each one's time in milliseconds.</summary>
    private static async Task<List<double>> TimeFeedbackAsync(PostgreSqlFeedbackBenchmarks bench, int calls)
    {
        var totals = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await bench.FeedbackToVersionWritten();
            totals.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return totals;
    }

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 90 ? flat : flat[..90] + "...";
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }
}
