using Poet;

namespace Poet.Tests.Learning;

public class PoetFunctionsTests
{
    [Test]
    public async Task List_get_and_rollback_show_and_restore_versions()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        h.Register("IOther.Run", GenericDomain.Name, LearnableParameterSpec.Create("tolerance", 0, 0, 1, 0, 0.5, false));
        await h.Feedback.FeedbackAsync(h.Detect(4.0), "false alarm");
        await h.Feedback.FeedbackAsync(h.Detect(4.5), "false alarm again");

        var list = h.PoetFunctions.List();
        Assert.That(list.Select(f => f.FunctionId), Is.EqualTo(new[] { "IDriftDetector.Detect", "IOther.Run" }));
        var info = h.PoetFunctions.Get(LearningHarness.DetectorId);
        Assert.That(info.CurrentVersion, Is.EqualTo(3));
        Assert.That(info.Versions, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(info.Parameters["threshold"], Is.GreaterThan(3.0));

        await h.PoetFunctions.RollbackAsync(LearningHarness.DetectorId, 1);
        var rolled = h.PoetFunctions.Get(LearningHarness.DetectorId);
        Assert.That(rolled.CurrentVersion, Is.EqualTo(1));
        Assert.That(rolled.Parameters["threshold"], Is.EqualTo(3.0));
        Assert.That(h.Threshold(), Is.EqualTo(3.0), "the next call runs with the restored version");

        // Learning continues from the restored version and never reuses a number.
        var next = await h.Feedback.FeedbackAsync(h.Detect(3.5), "false alarm");
        Assert.That(next.NewVersion, Is.EqualTo(4));
        Assert.That(h.Functions.GetVersion(LearningHarness.DetectorId, 4)!.Parent, Is.EqualTo(1));
    }

    [Test]
    public void Unknown_function_or_version_throws_a_clear_exception()
    {
        using var h = new LearningHarness();
        h.RegisterDetector();
        var noFunction = Assert.Throws<KeyNotFoundException>(() => h.PoetFunctions.Get("INope.Nope"));
        Assert.That(noFunction!.Message, Does.Contain("INope.Nope").And.Contain("IDriftDetector.Detect"));
        var noVersion = Assert.ThrowsAsync<KeyNotFoundException>(() => h.PoetFunctions.RollbackAsync(LearningHarness.DetectorId, 7));
        Assert.That(noVersion!.Message, Does.Contain("no version 7").And.Contain("versions are 1"));
        Assert.ThrowsAsync<KeyNotFoundException>(() => h.PoetFunctions.RollbackAsync("INope.Nope", 1));
    }
}
