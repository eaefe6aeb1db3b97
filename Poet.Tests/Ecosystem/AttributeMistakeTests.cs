using Autofac;
using DriftApi.Detection;
using Microsoft.Extensions.DependencyInjection;
using Poet.Tests.Interception;

namespace Poet.Tests.Ecosystem;

/// <summary>Attribute mistakes fail with a message instead of passing silently; feedback text says what it read.</summary>
public class AttributeMistakeTests
{
    [Test]
    public void A_Learnable_default_outside_its_bounds_fails_when_resolved_naming_both()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<OutOfBounds>().As<IOutOfBounds>().EnablePoet());

        var error = Assert.Throws<Autofac.Core.DependencyResolutionException>(() => container.Resolve<IOutOfBounds>());

        Assert.That(error!.ToString(), Does.Contain("default 2 is outside Min=0, Max=1"));
    }

    [Test]
    public void Learnable_without_Poet_fails_when_resolved_and_says_to_add_Poet()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<OutOfBounds>().As<INoPoetButLearnable>().EnablePoet());

        var error = Assert.Throws<Autofac.Core.DependencyResolutionException>(() => container.Resolve<INoPoetButLearnable>());

        Assert.That(error!.ToString(), Does.Contain("has no [Poet]").And.Contain("Add [Poet]"));
    }

    [Test]
    public async Task The_same_mistakes_fail_the_same_way_on_the_default_container()
    {
        var services = new ServiceCollection().AddPoet(o => o.StorePath = TempStore.NewPath());
        services.AddSingleton<INoPoetButLearnable, OutOfBounds>().EnablePoet<INoPoetButLearnable>();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<INoPoetButLearnable>());

        Assert.That(error!.Message, Does.Contain("has no [Poet]"));
    }

    [Test]
    public void Feedback_on_an_object_no_POET_call_returned_mentions_the_missing_Poet()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<ZScoreDriftDetector>().As<IDriftDetector>().EnablePoet());

        var error = Assert.ThrowsAsync<PoetFeedbackException>(() => container.Resolve<IPoetFeedback>().FeedbackAsync(new PlainReport(true), "wrong"));

        Assert.That(error!.Message, Does.Contain("[Poet]"));
    }

    [Test]
    public async Task A_rating_of_1_reads_as_1_of_5_in_the_rationale_not_as_0()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<ZScoreDriftDetector>().As<IDriftDetector>().EnablePoet());
        var report = EcoSamples.Check(container.Resolve<IDriftDetector>());

        var outcome = await container.Resolve<IPoetFeedback>().FeedbackAsync(report, System.Text.Json.JsonDocument.Parse("""{"rating":1}""").RootElement);

        Assert.That(outcome.Signal.Rationale, Does.Contain("rating 1/5"));
        Assert.That(outcome.Signal.Rationale, Does.Not.Contain("rating 0"));
    }
}
