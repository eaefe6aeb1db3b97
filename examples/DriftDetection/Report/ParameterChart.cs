using System.Text;
using DriftDetection.Demo;
using DriftDetection.Detection;

namespace DriftDetection.Report;

/// <summary>The learned threshold's path across versions as a small inline SVG step chart.</summary>
internal static class ParameterChart
{
    private const int Width = 360;
    private const int Height = 120;
    private const int Left = 34;
    private const int Bottom = 18;

    public static string Render(IReadOnlyList<VersionPoint> path)
    {
        var lo = Math.Min(path.Min(p => p.Threshold), DetectorDefaults.Threshold);
        var hi = Math.Max(path.Max(p => p.Threshold), DetectorDefaults.Threshold);
        if (hi - lo < 0.5)
        {
            (lo, hi) = (lo - 0.25, hi + 0.25);
        }

        var steps = Math.Max(path.Count - 1, 1);
        double X(int i) => Left + ((double)i / steps * (Width - Left - 8));
        double Y(double t) => 6 + ((hi - t) / (hi - lo) * (Height - Bottom - 12));

        var svg = new StringBuilder();
        svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" role="img" aria-label="threshold by version">""");
        svg.Append($"""<text x="0" y="{Svg.N(Y(hi) + 4)}" class="axis">{Svg.N(hi)}</text><text x="0" y="{Svg.N(Y(lo) + 4)}" class="axis">{Svg.N(lo)}</text>""");
        svg.Append($"""<line x1="{Left}" y1="{Svg.N(Y(DetectorDefaults.Threshold))}" x2="{Width - 8}" y2="{Svg.N(Y(DetectorDefaults.Threshold))}" class="default"><title>default {Svg.N(DetectorDefaults.Threshold)}</title></line>""");
        svg.Append("<polyline class=\"path\" points=\"");
        for (var i = 0; i < path.Count; i++)
        {
            svg.Append($"{Svg.N(X(i))},{Svg.N(Y(path[i].Threshold))} ");
        }

        svg.Append("\"/>");
        for (var i = 0; i < path.Count; i++)
        {
            svg.Append($"""<circle cx="{Svg.N(X(i))}" cy="{Svg.N(Y(path[i].Threshold))}" r="3" class="point"><title>v{path[i].Version}: threshold {Svg.N(path[i].Threshold)}</title></circle>""");
        }

        svg.Append($"""<text x="{Left}" y="{Height - 4}" class="axis">v{path[0].Version}</text><text x="{Width - 8}" y="{Height - 4}" text-anchor="end" class="axis">v{path[^1].Version}</text>""");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
