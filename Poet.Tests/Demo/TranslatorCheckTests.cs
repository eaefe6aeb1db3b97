using DriftDetection.Cli;
using DriftDetection.Demo;
using DriftDetection.Detection;
using DriftDetection.Operator;
using DriftDetection.Sessions;

namespace Poet.Tests.Demo;

public class TranslatorCheckTests
{
    [Test]
    public void LlmModeWhoseFeedbackWentOfflineSaysSoAndWarns()
    {
        var (mode, warnings) = TranslatorCheck.Describe([Run("offline", "offline")], useLlm: true);

        Assert.That(mode, Does.Not.EqualTo("POET (LLM translator)").And.Contain("did not answer"));
        Assert.That(warnings.Single(), Does.Contain("2 of 2 feedback messages were translated offline"));
    }

    [Test]
    public void LlmModeWhoseFeedbackTheLlmReadIsLabelledLlmWithoutWarning()
    {
        var (mode, warnings) = TranslatorCheck.Describe([Run("llm", "llm")], useLlm: true);

        Assert.That(mode, Is.EqualTo("POET (LLM translator)"));
        Assert.That(warnings, Is.Empty);
    }

    [Test]
    public void LlmSettingsWithoutTheEnvironmentSayWhatToSet() =>
        Assert.That(() => LlmSettings.FromEnvironment(_ => null),
            Throws.InvalidOperationException.With.Message.Contains(PoetOptions.OllamaUrlVariable).And.Message.Contains(PoetOptions.OllamaModelVariable));

    private static StreamRun Run(params string[] translators) => new(
        DemoStreams.WithSpikes("s", 300, 1, (200, 10)),
        [],
        [],
        [],
        [.. translators.Select(t => new FeedbackExchange(
            new OperatorFeedback(FeedbackKind.FalseAlarm, ExecutionId.New().Value, 10, "false alarm"),
            new LearningStep(null, DetectorValues.Defaults, DetectorValues.Defaults, "FalsePositive", t),
            100))],
        [new VersionPoint(1, DetectorValues.Defaults)]);
}
