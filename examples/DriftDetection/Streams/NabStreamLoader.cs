using System.Globalization;
using System.Text.Json;

namespace DriftDetection.Streams;

/// <summary>
/// Loads NAB streams from a data folder laid out as NAB ships it: <c>&lt;group&gt;/&lt;series&gt;.csv</c> with columns
/// <c>timestamp,value</c> and <c>labels/combined_windows.json</c> mapping <c>group/series.csv</c> to <c>[start, end]</c> timestamps.
/// </summary>
public static class NabStreamLoader
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    /// <summary>The data folder shipped next to the demo's binaries.</summary>
    public static string DefaultDataPath => Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>Loads every stream whose id (<c>group/name</c>) contains one of <paramref name="filters"/> (all when empty).</summary>
    public static IReadOnlyList<LabelledStream> Load(string dataPath, IReadOnlyCollection<string> filters)
    {
        var labelsPath = Path.Combine(dataPath, "labels", "combined_windows.json");
        if (!File.Exists(labelsPath))
        {
            throw new FileNotFoundException(
                $"NAB labels not found at '{labelsPath}'. The demo ships them in examples/DriftDetection/Data; rebuild the project or pass --data <folder>.",
                labelsPath);
        }

        var labels = ReadLabels(labelsPath);
        var streams = new List<LabelledStream>();
        foreach (var (relativePath, windows) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var id = relativePath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? relativePath[..^4] : relativePath;
            if (filters.Count > 0 && !filters.Any(f => id.Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var csvPath = Path.Combine(dataPath, relativePath.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(csvPath))
            {
                streams.Add(ReadStream(csvPath, id, windows));
            }
        }

        return streams;
    }

    /// <summary>Reads one CSV and maps its label timestamps to sample indices.</summary>
    public static LabelledStream ReadStream(string csvPath, string id, IReadOnlyList<(DateTime Start, DateTime End)> windows)
    {
        var timestamps = new List<DateTime>();
        var values = new List<double>();
        foreach (var line in File.ReadLines(csvPath).Skip(1))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0)
            {
                continue;
            }

            timestamps.Add(ParseTimestamp(line[..comma]));
            values.Add(double.Parse(line[(comma + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        var group = slash > 0 ? id[..slash] : string.Empty;
        var name = slash > 0 ? id[(slash + 1)..] : id;
        return new LabelledStream(group, name, timestamps, [.. values], ToIndexWindows(timestamps, windows));
    }

    /// <summary>Maps timestamp windows to inclusive index windows (samples whose timestamp lies in the window).</summary>
    public static IReadOnlyList<LabelWindow> ToIndexWindows(IReadOnlyList<DateTime> timestamps, IReadOnlyList<(DateTime Start, DateTime End)> windows)
    {
        var result = new List<LabelWindow>();
        foreach (var (start, end) in windows)
        {
            var first = -1;
            var last = -1;
            for (var i = 0; i < timestamps.Count; i++)
            {
                if (timestamps[i] >= start && timestamps[i] <= end)
                {
                    if (first < 0)
                    {
                        first = i;
                    }

                    last = i;
                }
            }

            if (first >= 0)
            {
                result.Add(new LabelWindow(first, last));
            }
        }

        return result;
    }

    private static Dictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> ReadLabels(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var labels = new Dictionary<string, IReadOnlyList<(DateTime, DateTime)>>(StringComparer.Ordinal);
        foreach (var series in document.RootElement.EnumerateObject())
        {
            var windows = series.Value.EnumerateArray()
                .Select(w => (ParseTimestamp(w[0].GetString()!), ParseTimestamp(w[1].GetString()!)))
                .ToList();
            labels[series.Name] = windows;
        }

        return labels;
    }

    private static DateTime ParseTimestamp(string text) =>
        DateTime.ParseExact(text.Trim(), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
