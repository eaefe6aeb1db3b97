using DriftDetection.Sessions;

namespace Poet.Tests.Demo;

public class TemporaryLearnerTests
{
    [TestCase("False alarm, that dip was seasonal.", 1)]
    [TestCase("Paged for nothing again.", 1)]
    [TestCase("You missed this one.", -1)]
    [TestCase("Why no alert? That was a real outage.", -1)]
    [TestCase("Good catch, thanks.", 0)]
    public void KeywordTranslatorReadsTheDirectionFromTheText(string message, int direction) =>
        Assert.That(TemporaryKeywordTranslator.Direction(message), Is.EqualTo(direction));

    [Test]
    public void StepGrowsWhileTheDirectionHoldsAndHalvesWhenItFlips()
    {
        var step = new TemporarySignAdaptiveStep(0.5, 1, 20);

        var v1 = step.Apply(3, +1);
        var v2 = step.Apply(v1, +1);
        var v3 = step.Apply(v2, -1);

        Assert.Multiple(() =>
        {
            Assert.That(v1 - 3, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(v2 - v1, Is.EqualTo(0.6).Within(1e-12));
            Assert.That(v2 - v3, Is.EqualTo(0.3).Within(1e-12));
        });
    }

    [Test]
    public async Task FeedbackOnAnUnknownExecutionSaysHowToFixIt()
    {
        await using var session = new TemporaryLocalLearningSession();

        var error = Assert.ThrowsAsync<PoetFeedbackException>(() => session.FeedbackAsync(ExecutionId.New().Value, "false alarm"));

        Assert.That(error!.Message, Does.Contain("ScoreAsync"));
    }
}
