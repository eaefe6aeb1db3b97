using DriftDetection.Bench;
using DriftDetection.Demo;

namespace DriftDetection.Report;

/// <summary>Everything the HTML report shows.</summary>
/// <param name="Runs">The streams' runs.</param>
/// <param name="Headline">The headline result.</param>
/// <param name="Mode">What ran the learning (for example <c>POET (offline translator)</c>).</param>
/// <param name="Bench">The benchmark rows, when <c>--bench</c> ran.</param>
/// <param name="Summaries">The benchmark's NAB summaries, when <c>--bench</c> ran.</param>
/// <param name="Warnings">Things the reader must know (for example that the LLM was unreachable).</param>
public sealed record DemoReport(
    IReadOnlyList<StreamRun> Runs,
    Headline Headline,
    string Mode,
    IReadOnlyList<BenchRow>? Bench = null,
    IReadOnlyList<NabSummary>? Summaries = null,
    IReadOnlyList<string>? Warnings = null);
