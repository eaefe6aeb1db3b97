using System.Globalization;
using System.Text.Json;

namespace DriftDetection.Scoring;

/// <summary>
/// A detector from NAB's scoreboard, read from <c>Data/results</c>: its rows whose anomaly score reaches the lowest of its
/// profile thresholds (<c>reference-detections.csv</c>, taken from NAB's published per-row results for the 42 shipped
/// files) and the threshold NAB chose for it in each profile (<c>thresholds.json</c>).
/// </summary>
public sealed class PublishedDetector
{
    private readonly IReadOnlyDictionary<string, double> _thresholds;
    private readonly IReadOnlyDictionary<string, List<(int Row, double Score)>> _rows;

    private PublishedDetector(string name, IReadOnlyDictionary<string, double> thresholds, IReadOnlyDictionary<string, List<(int, double)>> rows)
    {
        Name = name;
        _thresholds = thresholds;
        _rows = rows;
    }

    /// <summary>NAB's name for the detector (for example <c>numenta</c>).</summary>
    public string Name { get; }

    /// <summary>The name people know it by (numenta's detector is HTM).</summary>
    public string DisplayName => Name == "numenta" ? "numenta HTM" : Name;

    /// <summary>The rows of series <paramref name="seriesId"/> (<c>group/name</c>) the detector flags under <paramref name="profile"/>.</summary>
    public IReadOnlyList<int> Detections(string seriesId, NabProfile profile)
    {
        if (!_thresholds.TryGetValue(profile.Name, out var threshold))
        {
            throw new ArgumentException($"No threshold for profile '{profile.Name}' in {Name}'s thresholds.json.", nameof(profile));
        }

        return _rows.TryGetValue(seriesId, out var rows) ? [.. rows.Where(r => r.Score >= threshold).Select(r => r.Row)] : [];
    }

    /// <summary>Loads the published detectors from <c>&lt;dataPath&gt;/results</c>, in the file's order.</summary>
    public static IReadOnlyList<PublishedDetector> Load(string dataPath)
    {
        var folder = Path.Combine(dataPath, "results");
        var csvPath = Path.Combine(folder, "reference-detections.csv");
        var thresholdsPath = Path.Combine(folder, "thresholds.json");
        if (!File.Exists(csvPath) || !File.Exists(thresholdsPath))
        {
            throw new FileNotFoundException(
                $"NAB's published results are missing: expected {csvPath} and {thresholdsPath} (shipped in examples/DriftDetection/Data/results).", csvPath);
        }

        var thresholds = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(File.ReadAllText(thresholdsPath))
            ?? throw new InvalidDataException($"{thresholdsPath} is empty.");
        var rows = new Dictionary<string, Dictionary<string, List<(int, double)>>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(csvPath).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length != 4)
            {
                continue;
            }

            var bySeries = rows.TryGetValue(parts[0], out var known) ? known : rows[parts[0]] = new(StringComparer.Ordinal);
            var list = bySeries.TryGetValue(parts[1], out var series) ? series : bySeries[parts[1]] = [];
            list.Add((int.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return [.. thresholds.Select(t => new PublishedDetector(
            t.Key,
            t.Value,
            rows.TryGetValue(t.Key, out var r) ? r.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal) : []))];
    }
}
