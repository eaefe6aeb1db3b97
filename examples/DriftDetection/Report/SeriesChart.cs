using System.Text;
using DriftDetection.Demo;

namespace DriftDetection.Report;

/// <summary>
/// One stream as inline SVG: the series (min/max envelope per pixel column), labelled windows shaded, alerts with the
/// defaults marked above the plot and alerts with the learned threshold marked below it.
/// </summary>
internal static class SeriesChart
{
    private const int Width = 960;
    private const int PlotTop = 18;
    private const int PlotHeight = 150;
    private const int Height = PlotTop + PlotHeight + 36;
    private const int Columns = 640;

    public static string Render(StreamRun run)
    {
        var values = run.Stream.Values;
        var n = Math.Max(values.Length, 1);
        var (min, max) = values.Length == 0 ? (0.0, 1.0) : (values.Min(), values.Max());
        if (max - min < 1e-12)
        {
            (min, max) = (min - 1, max + 1);
        }

        double X(int index) => (double)index / n * Width;
        double Y(double value) => PlotTop + PlotHeight - ((value - min) / (max - min) * PlotHeight);

        var svg = new StringBuilder();
        svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="100%" role="img" aria-label="{Svg.Text(run.Stream.Id)}">""");
        svg.Append($"""<rect x="0" y="{PlotTop}" width="{Width}" height="{PlotHeight}" class="plot"/>""");
        foreach (var window in run.Stream.Windows)
        {
            svg.Append($"""<rect x="{Svg.N(X(window.Start))}" y="{PlotTop}" width="{Svg.N(Math.Max(X(window.End + 1) - X(window.Start), 1))}" height="{PlotHeight}" class="window"><title>labelled window {window.Start}-{window.End}</title></rect>""");
        }

        svg.Append("<polyline class=\"series\" points=\"");
        var columns = Math.Min(Columns, values.Length);
        for (var c = 0; c < columns; c++)
        {
            var from = (int)((long)c * values.Length / columns);
            var to = Math.Max(from + 1, (int)((long)(c + 1) * values.Length / columns));
            var (lo, hi) = (double.MaxValue, double.MinValue);
            for (var i = from; i < to; i++)
            {
                lo = Math.Min(lo, values[i]);
                hi = Math.Max(hi, values[i]);
            }

            var x = Svg.N(X(from));
            svg.Append($"{x},{Svg.N(Y(hi))} {x},{Svg.N(Y(lo))} ");
        }

        svg.Append("\"/>");
        AppendTicks(svg, run.BeforeAlerts, X, 2, PlotTop - 4, "before", $"alerts with defaults (threshold {Svg.N(run.ThresholdPath[0].Threshold)})");
        AppendTicks(svg, run.AfterAlerts, X, PlotTop + PlotHeight + 4, PlotTop + PlotHeight + 16, "after", $"alerts after learning (threshold {Svg.N(run.ThresholdPath[^1].Threshold)})");
        svg.Append($"""<text x="0" y="{Height - 4}" class="legend">▲ red: alerts with defaults · ▼ green: alerts after learning · shaded: labelled anomaly windows</text>""");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendTicks(StringBuilder svg, IReadOnlyList<int> alerts, Func<int, double> x, int y1, int y2, string cssClass, string title)
    {
        svg.Append($"""<g class="{cssClass}"><title>{Svg.Text(title)}: {alerts.Count}</title>""");
        var lastColumn = -1;
        foreach (var index in alerts)
        {
            var column = (int)x(index);
            if (column == lastColumn)
            {
                continue;
            }

            lastColumn = column;
            svg.Append($"""<line x1="{column}" y1="{y1}" x2="{column}" y2="{y2}"/>""");
        }

        svg.Append("</g>");
    }
}
