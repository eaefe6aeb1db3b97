using System.Globalization;
using System.Text;
using DriftDetection.Demo;

namespace DriftDetection.Report;

/// <summary>
/// One stream as inline SVG: the series (min/max envelope per pixel column) with a value axis on the left and a time axis
/// below, labelled windows shaded, and three rows of alert marks: with the defaults, online, and with the learned values frozen.
/// </summary>
internal static class SeriesChart
{
    private const int Width = 960;
    private const int Left = 64;
    private const int PlotTop = 8;
    private const int PlotHeight = 150;
    private const int PlotWidth = Width - Left - 8;
    private const int AxisBottom = PlotTop + PlotHeight + 16;
    private const int Marks = AxisBottom + 6;
    private const int Height = Marks + (3 * 12) + 18;
    private const int Columns = 640;
    private const int ValueTicks = 4;
    private const int TimeTicks = 5;

    public static string Render(StreamRun run)
    {
        var values = run.Stream.Values;
        var n = Math.Max(values.Length, 1);
        var (min, max) = values.Length == 0 ? (0.0, 1.0) : (values.Min(), values.Max());
        if (max - min < 1e-12)
        {
            (min, max) = (min - 1, max + 1);
        }

        double X(int index) => Left + ((double)index / n * PlotWidth);
        double Y(double value) => PlotTop + PlotHeight - ((value - min) / (max - min) * PlotHeight);

        var svg = new StringBuilder();
        svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="100%" role="img" aria-label="{Svg.Text(run.Stream.Id)}">""");
        svg.Append($"""<rect x="{Left}" y="{PlotTop}" width="{PlotWidth}" height="{PlotHeight}" class="plot"/>""");
        AppendAxes(svg, run, min, max, X, Y);
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
        AppendMarks(svg, run.DefaultAlerts, X, Marks, "before", $"alerts with the defaults ({run.Path[0].Values})", "defaults");
        AppendMarks(svg, run.OnlineAlerts, X, Marks + 12, "online", "alerts while learning online", "online");
        AppendMarks(svg, run.FrozenAlerts, X, Marks + 24, "after", $"alerts with the learned values frozen ({run.Learned})", "frozen");
        svg.Append($"""<text x="{Left}" y="{Height - 3}" class="legend">value (y) over time (x) · shaded: labelled anomaly windows · marks: alerts with the defaults, online, frozen</text>""");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendAxes(StringBuilder svg, StreamRun run, double min, double max, Func<int, double> x, Func<double, double> y)
    {
        for (var t = 0; t <= ValueTicks; t++)
        {
            var value = min + ((max - min) * t / ValueTicks);
            var at = Svg.N(y(value));
            svg.Append($"""<line x1="{Left - 4}" y1="{at}" x2="{Left + PlotWidth}" y2="{at}" class="tick"/><text x="{Left - 6}" y="{Svg.N(y(value) + 4)}" text-anchor="end" class="axis">{Svg.Text(Compact(value))}</text>""");
        }

        var timestamps = run.Stream.Timestamps;
        for (var t = 0; t <= TimeTicks && timestamps.Count > 0; t++)
        {
            var index = (int)((long)(timestamps.Count - 1) * t / TimeTicks);
            var at = Svg.N(x(index));
            var anchor = t == 0 ? "start" : t == TimeTicks ? "end" : "middle";
            svg.Append($"""<line x1="{at}" y1="{PlotTop + PlotHeight}" x2="{at}" y2="{PlotTop + PlotHeight + 4}" class="tick"/><text x="{at}" y="{AxisBottom - 1}" text-anchor="{anchor}" class="axis">{timestamps[index].ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}</text>""");
        }
    }

    private static string Compact(double value) =>
        Math.Abs(value) >= 10000 ? value.ToString("0.###e0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static void AppendMarks(StringBuilder svg, IReadOnlyList<int> alerts, Func<int, double> x, int top, string cssClass, string title, string label)
    {
        svg.Append($"""<text x="{Left - 6}" y="{top + 9}" text-anchor="end" class="axis">{label}</text>""");
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
            svg.Append($"""<line x1="{column}" y1="{top}" x2="{column}" y2="{top + 10}"/>""");
        }

        svg.Append("</g>");
    }
}
