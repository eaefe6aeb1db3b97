using System.Reflection;

namespace Poet.Tests.Learning;

/// <summary>A domain's <see cref="DomainTemplate.DecisionMargin"/> reaches learning through the feedback service.</summary>
public class DecisionMarginTests
{
    [Test]
    public async Task A_domain_with_a_decision_margin_silences_the_complained_alert_with_that_share_to_spare()
    {
        var options = new PoetOptions().AddDomain(Copy(MlMonitoringDomain.Template, "ml_monitoring_wide", decisionMargin: 0.2));
        using var wide = new LearningHarness(options);
        wide.RegisterDetector(threshold: 4.5, domain: "ml_monitoring_wide");
        using var plain = new LearningHarness();
        plain.RegisterDetector(threshold: 4.5);

        var widened = await wide.Feedback.FeedbackAsync(wide.Detect(score: 5.0), "False alarm - that was a seasonal dip.");
        var nudged = await plain.Feedback.FeedbackAsync(plain.Detect(score: 5.0), "False alarm - that was a seasonal dip.");

        Assert.Multiple(() =>
        {
            Assert.That(widened.Changes.Single().NewValue, Is.EqualTo(6.0).Within(1e-9), "20% beyond the score 5");
            Assert.That(nudged.Changes.Single().NewValue, Is.GreaterThan(5.0).And.LessThanOrEqualTo(5.1 + 1e-9), "ml_monitoring: just past the score");
            Assert.That(wide.Detect(score: 5.9).IsDrift, Is.False, "a similar, slightly larger alert is silenced too");
            Assert.That(plain.Detect(score: 5.9).IsDrift, Is.True);
        });
    }

    /// <summary>A copy of <paramref name="template"/> under another name with another decision margin.</summary>
    private static DomainTemplate Copy(DomainTemplate template, string name, double decisionMargin)
    {
        var copy = new DomainTemplate { Name = name };
        foreach (var property in typeof(DomainTemplate).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != nameof(DomainTemplate.Name)))
        {
            property.SetValue(copy, property.GetValue(template));
        }

        typeof(DomainTemplate).GetProperty(nameof(DomainTemplate.DecisionMargin))!.SetValue(copy, decisionMargin);
        return copy;
    }
}
