using DriftDetection.Cli;
using DriftDetection.Detection;
using DriftDetection.Sessions;

namespace Poet.Tests.Demo;

public class ScoreShapeTests
{
    private static readonly ScoreShape Robust = new(Baseline.Robust);

    [Test]
    public void RobustBaselineIsTheMedianAndTheScaledMadOfTheWindow()
    {
        // Window: 0, 1, ..., 119 (median 59.5, MAD 30); the next sample 150 lies 90.5 above the median.
        var values = Enumerable.Range(0, RollingZScore.WindowSize).Select(i => (double)i).Append(150).ToArray();

        var score = RollingZScore.ScoreAll(values, Robust)[^1];

        Assert.That(score, Is.EqualTo(90.5 / (RollingZScore.MadToSigma * 30)).Within(1e-9));
    }

    [Test]
    public void EarlierSpikesInflateTheMeanBaselineButNotTheRobustOne()
    {
        // Noise with five big spikes in the window before a moderate rise.
        var random = new Random(3);
        var values = Enumerable.Range(0, RollingZScore.WindowSize).Select(_ => random.NextDouble()).ToArray();
        foreach (var at in new[] { 10, 30, 50, 70, 90 })
        {
            values[at] = 100;
        }

        values = [.. values, 8.0];

        var mean = RollingZScore.ScoreAll(values)[^1];
        var robust = RollingZScore.ScoreAll(values, Robust)[^1];

        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.LessThan(1), "the spikes' variance hides the rise from mean / std");
            Assert.That(robust, Is.GreaterThan(10), "median / MAD ignore the spikes");
        });
    }

    [Test]
    public void ZeroMadFallsBackToTheMeanAbsoluteDeviation()
    {
        // 100 zeros and 20 ones: MAD 0, mean absolute deviation from the median (0) is 20 / 120.
        var values = Enumerable.Repeat(0.0, 100).Concat(Enumerable.Repeat(1.0, 20)).Append(2.0).ToArray();

        var score = RollingZScore.ScoreAll(values, Robust)[^1];

        Assert.That(score, Is.EqualTo(2 / (RollingZScore.MeanAbsoluteDeviationToSigma * 20.0 / 120)).Within(1e-9));
    }

    [Test]
    public void RobustBaselineOnFlatHistoryScoresZeroForNoChangeAndTheCapForAnyChange()
    {
        var values = Enumerable.Repeat(5.0, RollingZScore.WindowSize + 1).Append(6.0).ToArray();

        var scores = RollingZScore.ScoreAll(values, Robust);

        Assert.Multiple(() =>
        {
            Assert.That(scores[RollingZScore.WindowSize], Is.Zero);
            Assert.That(scores[^1], Is.EqualTo(RollingZScore.MaxScore));
            Assert.That(scores[..RollingZScore.WindowSize], Is.All.Zero);
        });
    }

    [Test]
    public void SlidingWindowKeepsTheMedianAndMadOfASortedCopy()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 400).Select(_ => Math.Round(random.NextDouble() * 20) / 2).ToArray();

        var slid = RollingZScore.ScoreAll(values, Robust);

        for (var i = RollingZScore.WindowSize; i < values.Length; i++)
        {
            var window = values[(i - RollingZScore.WindowSize)..i].Order().ToArray();
            var median = (window[59] + window[60]) / 2;
            var deviations = window.Select(v => Math.Abs(v - median)).Order().ToArray();
            var spread = RollingZScore.MadToSigma * (deviations[59] + deviations[60]) / 2;
            var expected = spread == 0 ? (values[i] == median ? 0 : RollingZScore.MaxScore) : Math.Min(Math.Abs(values[i] - median) / spread, RollingZScore.MaxScore);
            if (spread == 0 && window.Any(v => v != median))
            {
                continue; // the mean-absolute-deviation fallback, proved above
            }

            Assert.That(slid[i], Is.EqualTo(expected).Within(1e-9), $"sample {i}");
        }
    }

    [TestCase(Direction.Up, 1)]
    [TestCase(Direction.Down, 0)]
    [TestCase(Direction.Both, 1)]
    public void DirectionCountsOnlyItsSignOfDeviation(Direction direction, int risesScored)
    {
        var rise = Enumerable.Repeat(0.0, 60).Concat(Enumerable.Repeat(2.0, 60)).Append(9.0).ToArray();
        var drop = rise[..^1].Append(-9.0).ToArray();

        foreach (var baseline in new[] { Baseline.Mean, Baseline.Robust })
        {
            var shape = new ScoreShape(baseline, direction);
            var up = RollingZScore.ScoreAll(rise, shape)[^1];
            var down = RollingZScore.ScoreAll(drop, shape)[^1];

            Assert.Multiple(() =>
            {
                Assert.That(up > 0, Is.EqualTo(risesScored == 1), $"{baseline}: rise");
                Assert.That(down > 0, Is.EqualTo(direction != Direction.Up), $"{baseline}: drop");
            });
        }
    }

    [TestCase(Baseline.Robust, Direction.Both)]
    [TestCase(Baseline.Robust, Direction.Up)]
    [TestCase(Baseline.Mean, Direction.Down)]
    public void ScoringChunkByChunkWithAShapeMatchesTheWholeStream(Baseline baseline, Direction direction)
    {
        var shape = new ScoreShape(baseline, direction);
        var values = DemoStreams.WithSpikesAndNoise("s", 1700, 9, (800, 10), (1300, -8)).Values;
        var whole = RollingZScore.ScoreAll(values, shape);
        var detector = new RollingZScoreDetector(shape: shape);

        var alerts = StreamChunks.Of(values.Length)
            .SelectMany(slice => detector.Detect(slice.Values(values), slice.ScoreFrom, slice.ContextStart, 2.5, 1).Alerts)
            .Select(a => a.Index)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(alerts, Is.Not.Empty);
            Assert.That(alerts, Is.EqualTo(AlertRule.Alerts(whole, 2.5, 1, DetectorDefaults.Cooldown)));
        });
    }

    [Test]
    public void CommandLineSetsTheShapeAndNamesTheChoicesOnBadInput()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DemoOptions.Parse([]).Shape, Is.EqualTo(ScoreShape.Default));
            Assert.That(DemoOptions.Parse(["--baseline", "robust", "--direction", "up"]).Shape, Is.EqualTo(new ScoreShape(Baseline.Robust, Direction.Up)));
            Assert.That(DemoOptions.Parse(["--direction", "down"]).Shape.Direction, Is.EqualTo(Direction.Down));
            Assert.That(() => DemoOptions.Parse(["--baseline", "median"]), Throws.ArgumentException.With.Message.Contains("'mean'").And.Message.Contains("'robust'"));
            Assert.That(() => DemoOptions.Parse(["--direction", "sideways"]), Throws.ArgumentException.With.Message.Contains("'up'").And.Message.Contains("'down'"));
        });
    }
}
