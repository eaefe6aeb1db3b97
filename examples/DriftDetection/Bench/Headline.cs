using System.Globalization;
using DriftDetection.Demo;
using DriftDetection.Scoring;

namespace DriftDetection.Bench;

/// <summary>The demo's headline result: NAB standard score and mean event-level F1 of the defaults, online and frozen passes.</summary>
/// <param name="Streams">How many streams ran.</param>
/// <param name="Nab">NAB standard scores (defaults, online, frozen); null when the streams have no labelled window.</param>
/// <param name="F1">Mean event-level F1 (defaults, online, frozen).</param>
/// <param name="Published">NAB's published detectors' standard scores on the same streams.</param>
public sealed record Headline(int Streams, (double Defaults, double Online, double Frozen)? Nab, (double Defaults, double Online, double Frozen) F1,
    IReadOnlyList<(string Name, double Score)> Published)
{
    /// <summary>Computes the headline of <paramref name="runs"/>.</summary>
    public static Headline Of(IReadOnlyList<StreamRun> runs, IReadOnlyList<PublishedDetector> published)
    {
        var f1 = runs.Count == 0 ? (0, 0, 0) : (runs.Average(r => r.Before.F1), runs.Average(r => r.Online.F1), runs.Average(r => r.After.F1));
        if (runs.All(r => r.Stream.Windows.Count == 0))
        {
            return new Headline(runs.Count, null, f1, []);
        }

        var profile = NabProfile.Standard;
        var files = runs.Select(r => r.Nab(profile)).ToList();
        var nab = (NabScorer.Normalize(files.Select(f => f.Defaults)), NabScorer.Normalize(files.Select(f => f.Online)), NabScorer.Normalize(files.Select(f => f.Frozen)));
        return new Headline(runs.Count, nab, f1, [.. published.Select(d => (d.DisplayName, NabScorer.Normalize(runs.Select(r =>
            NabScorer.Score(r.Stream.Values.Length, r.Stream.Windows, d.Detections(r.Stream.Id, profile), profile)))))]);
    }

    /// <summary>One line: <c>NAB standard: defaults -89.2, learning online 61.0, frozen 66.3 · F1 ... · numenta HTM 69.72 ...</c>.</summary>
    public override string ToString()
    {
        var f1 = string.Create(CultureInfo.InvariantCulture, $"mean F1 {F1.Defaults:0.000} → online {F1.Online:0.000} → frozen {F1.Frozen:0.000}");
        if (Nab is not { } nab)
        {
            return f1;
        }

        var others = Published.Count == 0 ? string.Empty : " · on the same files: " + string.Join(", ", Published.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Score:0.00}")));
        return string.Create(CultureInfo.InvariantCulture, $"NAB standard score: defaults {nab.Defaults:0.00}, learning online {nab.Online:0.00}, learned values frozen {nab.Frozen:0.00} · {f1}{others}");
    }
}
