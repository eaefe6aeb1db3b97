namespace Poet.Tests.Learning;

/// <summary>
/// Learning that also weighs the recent calls nobody labelled (<see cref="DomainTemplate.UnlabelledSilentWeight"/>): the
/// feedback service lists them from the execution store and a miss must pay for the quiet calls it would wake.
/// </summary>
public class UnlabelledCallsTests
{
    [Test]
    public async Task A_miss_that_would_wake_more_quiet_recent_calls_than_it_is_worth_moves_nothing()
    {
        var options = new PoetOptions();
        options.AddDomain(MlMonitoringDomain.Template.WithUnlabelledWeights(silent: 1, fired: 0));
        using var weighed = new LearningHarness(options);
        using var plain = new LearningHarness();

        var outcomes = new List<FeedbackOutcome>();
        foreach (var h in new[] { weighed, plain })
        {
            h.RegisterDetector(threshold: 3.0);
            for (var i = 0; i < 4; i++)
            {
                h.Detect(2.9); // quiet calls nobody complains about
            }

            var missed = h.Detect(2.8);
            outcomes.Add(await h.Feedback.FeedbackAsync(missed, "You missed the outage last night!"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(outcomes[0].Signal.Verdict, Is.EqualTo(FeedbackVerdict.FalseNegative));
            Assert.That(outcomes[0].NewVersion, Is.Null, "lowering the threshold below 2.8 wakes four quiet calls (4) for one miss (3)");
            Assert.That(outcomes[0].Signal.Rationale, Does.Contain("4 recent unlabelled calls"));
            Assert.That(weighed.Threshold(), Is.EqualTo(3.0));
            Assert.That(outcomes[1].NewVersion, Is.EqualTo(2), "on the labels alone the miss lowers the threshold");
            Assert.That(plain.Threshold(), Is.LessThan(2.8));
        });
    }

    [Test]
    public void The_copy_with_unlabelled_weights_keeps_everything_else_and_refuses_negative_weights()
    {
        var template = MlMonitoringDomain.Template;

        var copy = template.WithUnlabelledWeights(0.5, 0.25);

        Assert.Multiple(() =>
        {
            Assert.That(copy.UnlabelledSilentWeight, Is.EqualTo(0.5));
            Assert.That(copy.UnlabelledFiredWeight, Is.EqualTo(0.25));
            Assert.That(copy.Name, Is.EqualTo(template.Name));
            Assert.That(copy.MissedEventWeight, Is.EqualTo(template.MissedEventWeight));
            Assert.That(copy.DirectionRules, Is.EqualTo(template.DirectionRules));
            Assert.That(copy.Phrases, Is.EqualTo(template.Phrases));
            Assert.That(template.UnlabelledSilentWeight, Is.Zero, "the built-in template judges on the labels alone");
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => template.WithUnlabelledWeights(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => template.WithUnlabelledWeights(0, double.NaN));
    }
}
