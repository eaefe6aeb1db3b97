using DriftDetection.Bench;
using DriftDetection.Detection;
using DriftDetection.Scoring;

namespace Poet.Tests.Demo;

public class HindsightOracleTests
{
    [Test]
    public void RunsTheDefaultsUntilALabelIsKnownThenTheValuesThatScoredBestSoFarSoOnlyAWindowAlreadySeenTeachesIt()
    {
        // Unlabelled one-sample bumps every 137 samples fire with the defaults; labelled one-sample spikes at 1500 and 2500.
        var stream = DemoStreams.WithSpikesAndNoise("s", 3000, 3, (1500, 30), (2500, 30));
        var defaults = DetectorValues.Defaults.Alerts(RollingZScore.ScoreAll(stream.Values));

        var hindsight = HindsightOracle.OnlineAlerts(stream, NabProfile.Standard, [DetectorDefaults.Cooldown]);

        var probation = NabScorer.ProbationLength(stream.Values.Length);
        var firstScoredFalseAlarm = defaults.First(i => i >= probation && stream.WindowAt(i) is null);
        var falseAlarms = (IEnumerable<int> alerts) => alerts.Count(i => i >= probation && stream.WindowAt(i) is null);
        Assert.Multiple(() =>
        {
            Assert.That(hindsight.Where(i => i <= firstScoredFalseAlarm), Is.EqualTo(defaults.Where(i => i <= firstScoredFalseAlarm)), "nothing known yet: the defaults");
            Assert.That(falseAlarms(hindsight), Is.LessThan(falseAlarms(defaults) / 4), "the false alarms seen make quieter values score better");
            Assert.That(hindsight.Any(stream.Windows[0].Contains), Is.False, "the first spike comes before any label says a one-sample spike matters");
            Assert.That(hindsight.Any(stream.Windows[1].Contains), Is.True, "once the first window was missed, values that catch it score better");
        });
    }
}
