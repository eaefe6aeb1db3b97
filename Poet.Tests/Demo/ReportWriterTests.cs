using System.Text.RegularExpressions;
using System.Xml.Linq;
using DriftDetection.Bench;
using DriftDetection.Demo;
using DriftDetection.Detection;
using DriftDetection.Report;
using DriftDetection.Sessions;

namespace Poet.Tests.Demo;

public class ReportWriterTests
{
    private static readonly XNamespace SvgNamespace = "http://www.w3.org/2000/svg";

    [Test]
    public async Task EverySvgInTheReportIsWellFormedXml()
    {
        var html = HtmlReportWriter.Render(Report(await RunsAsync()));

        var svgs = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline);
        Assert.That(svgs, Has.Count.EqualTo(4), "two streams: a series chart and a parameter chart each");
        foreach (Match svg in svgs)
        {
            var document = XDocument.Parse(svg.Value);
            Assert.That(document.Root!.Name, Is.EqualTo(SvgNamespace + "svg"));
        }
    }

    [Test]
    public async Task SeriesChartShadesEachLabelledWindowAndMarksAlertsBeforeAndAfter()
    {
        var runs = await RunsAsync();
        var html = HtmlReportWriter.Render(Report(runs));

        var svg = XDocument.Parse(Regex.Match(html, "<svg.*?</svg>", RegexOptions.Singleline).Value);
        var windows = svg.Descendants(SvgNamespace + "rect").Count(r => (string?)r.Attribute("class") == "window");
        var before = svg.Descendants(SvgNamespace + "g").Single(g => (string?)g.Attribute("class") == "before");
        var after = svg.Descendants(SvgNamespace + "g").Single(g => (string?)g.Attribute("class") == "after");
        Assert.Multiple(() =>
        {
            Assert.That(windows, Is.EqualTo(runs[0].Stream.Windows.Count));
            Assert.That(before.Elements(SvgNamespace + "line").Count(), Is.GreaterThan(0));
            Assert.That(after.Elements(SvgNamespace + "line").Count(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task ReportIsSelfContainedAndListsEveryStreamInTheOverallTable()
    {
        var runs = await RunsAsync();
        var html = HtmlReportWriter.Render(Report(runs, bench: true));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Not.Contain("<script"));
            Assert.That(html, Does.Not.Match("(src|href)=\"(https?:)?//"));
            Assert.That(html, Does.Not.Contain("@import").And.Not.Contain("@font-face"));
            Assert.That(html, Does.Contain("<h2>Overall</h2>").And.Contain("LearningBench"));
            foreach (var run in runs)
            {
                Assert.That(html, Does.Contain(run.Stream.Id));
            }
        });
    }

    [Test]
    public async Task OperatorMessagesAreHtmlEscaped()
    {
        var runs = await RunsAsync();
        var html = HtmlReportWriter.Render(Report(runs) with { Mode = "<b>mode</b>" });

        Assert.That(html, Does.Contain("&lt;b&gt;mode&lt;/b&gt;"));
        Assert.That(html, Does.Not.Contain("<b>mode</b>"));
    }

    [Test]
    public async Task WriteFileCreatesTheFolderAndReturnsTheFullPath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "poet-demo-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = HtmlReportWriter.WriteFile(Path.Combine(folder, "nested", "report.html"), Report(await RunsAsync()));

            Assert.That(File.Exists(path), Is.True);
            Assert.That(Path.IsPathFullyQualified(path), Is.True);
            Assert.That(File.ReadAllBytes(path)[..3], Is.EqualTo("<!D"u8.ToArray()), "UTF-8 without a byte order mark");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Test]
    public async Task TheHeadlineWithTheNabScoreNextToF1ComesBeforeEveryTable()
    {
        var runs = await RunsAsync();
        var html = HtmlReportWriter.Render(Report(runs, bench: true));

        var headline = html.IndexOf("class=\"headline\"", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(headline, Is.GreaterThan(0));
            Assert.That(headline, Is.LessThan(html.IndexOf("<table", StringComparison.Ordinal)));
            Assert.That(html[headline..html.IndexOf("</p>", headline, StringComparison.Ordinal)], Does.Contain("NAB standard score").And.Contain("F1"));
        });
    }

    [Test]
    public async Task SeriesChartHasAValueAxisAndATimeAxis()
    {
        var runs = await RunsAsync();
        var svg = XDocument.Parse(Regex.Match(HtmlReportWriter.Render(Report(runs)), "<svg.*?</svg>", RegexOptions.Singleline).Value);

        var labels = svg.Descendants(SvgNamespace + "text").Where(t => (string?)t.Attribute("class") == "axis").Select(t => t.Value).ToList();
        var stream = runs[0].Stream;
        Assert.Multiple(() =>
        {
            Assert.That(labels, Does.Contain(stream.Timestamps[0].ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(labels, Does.Contain(stream.Timestamps[^1].ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(labels, Does.Contain(stream.Values.Max().ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    private static DemoReport Report(IReadOnlyList<StreamRun> runs, bool bench = false)
    {
        var rows = bench ? LearningBench.Rows(runs, [DetectorDefaults.Cooldown]) : null;
        return new DemoReport(runs, Headline.Of(runs, []), "test", rows, rows is null ? null : LearningBench.Summaries(rows, []));
    }

    private static async Task<IReadOnlyList<StreamRun>> RunsAsync()
    {
        var runner = new DemoRunner(s => DetectorSessions.Create(TempStore.NewPath(), s.Id, useLlm: false), feedbackBudget: 10);
        return
        [
            await runner.RunAsync(DemoStreams.WithSpikes("a", 1200, 3, (600, 12), (1000, 10))),
            await runner.RunAsync(DemoStreams.WithSpikes("b", 900, 4, (450, 9))),
        ];
    }
}
