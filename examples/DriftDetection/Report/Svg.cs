using System.Globalization;
using System.Net;

namespace DriftDetection.Report;

/// <summary>Small helpers for writing SVG text that parses as XML.</summary>
internal static class Svg
{
    /// <summary>A number as SVG wants it: invariant culture, at most two decimals.</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Text escaped for XML/HTML content and attributes.</summary>
    public static string Text(string value) => WebUtility.HtmlEncode(value);
}
