using DriftDetection.Scoring;
using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class NabScorerTests
{
    private static readonly LabelWindow Window = new(400, 499);

    [TestCase("numenta", 69.72, 63.17, 74.02)]
    [TestCase("windowedGaussian", 30.53, 16.37, 36.78)]
    [TestCase("ARTime", 71.46, 61.65, 77.11)]
    public void ScoringPublishedDetectorsReproducesNabsReferenceTable(string detector, double standard, double lowFp, double lowFn)
    {
        var streams = NabStreamLoader.Load(NabStreamLoader.DefaultDataPath, []);
        var published = PublishedDetector.Load(NabStreamLoader.DefaultDataPath).Single(d => d.Name == detector);
        Assert.That(streams, Has.Count.EqualTo(42));
        Assert.That(streams.Sum(s => s.Windows.Count), Is.EqualTo(69));

        double Corpus(NabProfile profile) =>
            NabScorer.Normalize(streams.Select(s => NabScorer.Score(s.Values.Length, s.Windows, published.Detections(s.Id, profile), profile)));

        Assert.Multiple(() =>
        {
            Assert.That(Corpus(NabProfile.Standard), Is.EqualTo(standard).Within(0.01));
            Assert.That(Corpus(NabProfile.LowFalsePositives), Is.EqualTo(lowFp).Within(0.01));
            Assert.That(Corpus(NabProfile.LowFalseNegatives), Is.EqualTo(lowFn).Within(0.01));
        });
    }

    [Test]
    public void ADetectorThatNeverFiresScoresZeroAndOneAtEveryLeftEdgeScoresHundred()
    {
        var none = NabScorer.Score(1000, [Window], [], NabProfile.Standard);
        var perfect = NabScorer.Score(1000, [Window], [Window.Start], NabProfile.Standard);

        Assert.Multiple(() =>
        {
            Assert.That(none.Raw, Is.EqualTo(-1));
            Assert.That(NabScorer.Normalize([none]), Is.EqualTo(0));
            Assert.That(NabScorer.Normalize([perfect]), Is.EqualTo(100).Within(1e-9));
        });
    }

    [Test]
    public void AnEarlierDetectionInAWindowEarnsMoreAndOnlyTheFirstCounts()
    {
        var early = NabScorer.Score(1000, [Window], [410], NabProfile.Standard);
        var late = NabScorer.Score(1000, [Window], [490], NabProfile.Standard);
        var earlyThenLate = NabScorer.Score(1000, [Window], [490, 410, 450], NabProfile.Standard);

        Assert.Multiple(() =>
        {
            Assert.That(early.Raw, Is.GreaterThan(late.Raw));
            Assert.That(late.Raw, Is.GreaterThan(0));
            Assert.That(earlyThenLate.Raw, Is.EqualTo(early.Raw));
            Assert.That(earlyThenLate.FalsePositives, Is.Zero);
        });
    }

    [Test]
    public void AFalsePositiveJustAfterAWindowCostsLessThanOneFarAwayAndProbationRowsAreIgnored()
    {
        var justAfter = NabScorer.Score(1000, [Window], [Window.Start, 505], NabProfile.Standard);
        var farAway = NabScorer.Score(1000, [Window], [Window.Start, 950], NabProfile.Standard);
        var beforeAnyWindow = NabScorer.Score(1000, [Window], [Window.Start, 200], NabProfile.Standard);
        var inProbation = NabScorer.Score(1000, [Window], [Window.Start, 100], NabProfile.Standard);
        var withoutFalsePositive = NabScorer.Score(1000, [Window], [Window.Start], NabProfile.Standard);

        Assert.Multiple(() =>
        {
            Assert.That(NabScorer.ProbationLength(1000), Is.EqualTo(150));
            Assert.That(justAfter.Raw, Is.GreaterThan(farAway.Raw));
            Assert.That(withoutFalsePositive.Raw - farAway.Raw, Is.EqualTo(0.11).Within(1e-9));
            Assert.That(withoutFalsePositive.Raw - beforeAnyWindow.Raw, Is.EqualTo(0.11).Within(1e-12));
            Assert.That(inProbation.Raw, Is.EqualTo(withoutFalsePositive.Raw));
        });
    }

    [Test]
    public void TheContributionsSumToTheRawScoreAndAWindowCountsOnlyOnceItHasEnded()
    {
        var windows = new[] { Window, new LabelWindow(700, 799) };
        int[] detections = [300, 450, 460, 900];

        var parts = NabScorer.Contributions(1000, windows, detections, NabProfile.Standard);
        var score = NabScorer.Score(1000, windows, detections, NabProfile.Standard);

        Assert.Multiple(() =>
        {
            Assert.That(parts.Sum(p => p.Value), Is.EqualTo(score.Raw).Within(1e-12));
            Assert.That(parts.Single(p => p.Kind == NabContributionKind.Detected).KnownFrom, Is.EqualTo(500), "the window's reward is known once it ended");
            Assert.That(parts.Single(p => p.Kind == NabContributionKind.Missed).KnownFrom, Is.EqualTo(800));
            Assert.That(parts.Where(p => p.Kind == NabContributionKind.FalsePositive).Select(p => p.KnownFrom), Is.EqualTo(new[] { 301, 901 }));
        });
    }

    [Test]
    public void ANormalizedScoreNeedsLabelledWindows() =>
        Assert.That(() => NabScorer.Normalize([NabScorer.Score(100, [], [50], NabProfile.Standard)]),
            Throws.ArgumentException.With.Message.Contains("windows"));
}
