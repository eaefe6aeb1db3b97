using System.Text.RegularExpressions;
using System.Xml.Linq;
using DriftDetection.Bench;
using DriftDetection.Demo;
using DriftDetection.Report;
using DriftDetection.Sessions;

namespace Poet.Tests.Demo;

public class ReportWriterTests
{
    private static readonly XNamespace SvgNamespace = "http://www.w3.org/2000/svg";

    [Test]
    public async Task EverySvgInTheReportIsWellFormedXml()
    {
        var html = HtmlReportWriter.Render(await RunsAsync(), null, "test");

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
        var html = HtmlReportWriter.Render(runs, null, "test");

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
        var html = HtmlReportWriter.Render(runs, LearningBench.Rows(runs), "test");

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
        var html = HtmlReportWriter.Render(runs, null, "<b>mode</b>");

        Assert.That(html, Does.Contain("&lt;b&gt;mode&lt;/b&gt;"));
        Assert.That(html, Does.Not.Contain("<b>mode</b>"));
    }

    [Test]
    public async Task WriteFileCreatesTheFolderAndReturnsTheFullPath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "poet-demo-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = HtmlReportWriter.WriteFile(Path.Combine(folder, "nested", "report.html"), await RunsAsync(), null, "test");

            Assert.That(File.Exists(path), Is.True);
            Assert.That(Path.IsPathFullyQualified(path), Is.True);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
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
