using System.Text;
using DriftDetection.Demo;
using DriftDetection.Detection;

namespace DriftDetection.Report;

/// <summary>The learned values' path across versions as a small inline SVG step chart: threshold on the left axis, persistence on the right.</summary>
internal static class ParameterChart
{
    private const int Width = 380;
    private const int Height = 130;
    private const int Left = 38;
    private const int Right = 30;
    private const int Bottom = 30;

    public static string Render(IReadOnlyList<VersionPoint> path)
    {
        var lo = Math.Min(path.Min(p => p.Values.Threshold), DetectorDefaults.Threshold);
        var hi = Math.Max(path.Max(p => p.Values.Threshold), DetectorDefaults.Threshold);
        if (hi - lo < 0.5)
        {
            (lo, hi) = (lo - 0.25, hi + 0.25);
        }

        var pMax = Math.Max(path.Max(p => p.Values.Persistence), DetectorDefaults.Persistence + 1);
        var steps = Math.Max(path.Count - 1, 1);
        double X(int i) => Left + ((double)i / steps * (Width - Left - Right));
        double Y(double t) => 6 + ((hi - t) / (hi - lo) * (Height - Bottom - 12));
        double P(int p) => 6 + ((double)(pMax - p) / (pMax - 1) * (Height - Bottom - 12));

        var svg = new StringBuilder();
        svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" role="img" aria-label="threshold and persistence by version">""");
        svg.Append($"""<text x="0" y="{Svg.N(Y(hi) + 4)}" class="axis">{Svg.N(hi)}</text><text x="0" y="{Svg.N(Y(lo) + 4)}" class="axis">{Svg.N(lo)}</text>""");
        svg.Append($"""<text x="{Width}" y="{Svg.N(P(pMax) + 4)}" text-anchor="end" class="axis">{pMax}</text><text x="{Width}" y="{Svg.N(P(1) + 4)}" text-anchor="end" class="axis">1</text>""");
        svg.Append($"""<line x1="{Left}" y1="{Svg.N(Y(DetectorDefaults.Threshold))}" x2="{Width - Right}" y2="{Svg.N(Y(DetectorDefaults.Threshold))}" class="default"><title>default threshold {Svg.N(DetectorDefaults.Threshold)}</title></line>""");
        svg.Append("<polyline class=\"path\" points=\"");
        for (var i = 0; i < path.Count; i++)
        {
            svg.Append($"{Svg.N(X(i))},{Svg.N(Y(path[i].Values.Threshold))} ");
        }

        svg.Append("\"/><polyline class=\"path2\" points=\"");
        for (var i = 0; i < path.Count; i++)
        {
            svg.Append($"{Svg.N(X(i))},{Svg.N(P(path[i].Values.Persistence))} ");
        }

        svg.Append("\"/>");
        for (var i = 0; i < path.Count; i++)
        {
            svg.Append($"""<circle cx="{Svg.N(X(i))}" cy="{Svg.N(Y(path[i].Values.Threshold))}" r="3" class="point"><title>v{path[i].Version}: threshold {Svg.N(path[i].Values.Threshold)}</title></circle>""");
            svg.Append($"""<circle cx="{Svg.N(X(i))}" cy="{Svg.N(P(path[i].Values.Persistence))}" r="2.5" class="point2"><title>v{path[i].Version}: persistence {path[i].Values.Persistence}</title></circle>""");
        }

        svg.Append($"""<text x="{Left}" y="{Height - 16}" class="axis">v{path[0].Version}</text><text x="{Width - Right}" y="{Height - 16}" text-anchor="end" class="axis">v{path[^1].Version}</text>""");
        svg.Append($"""<text x="{Left}" y="{Height - 3}" class="legend">— threshold (left axis) · - - persistence (right axis), by version</text>""");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
