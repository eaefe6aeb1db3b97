using Microsoft.Extensions.AI;
using Moq;
using Poet;

namespace Poet.Tests.Llm;

/// <summary>Builds translation contexts and fake chat clients for the LLM tests.</summary>
internal static class LlmTestData
{
    public const string Signature =
        "DriftReport Detect(double[] reference, double[] current, [Sensitive] string apiKey, string note, [Learnable(Min = 0.01, Max = 10)] double threshold = 3)";

    public static LlmResilienceSettings FastSettings(TimeSpan? timeout = null, int breakAfter = 4) =>
        new(timeout ?? TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(1), breakAfter, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    public static FunctionPlan Plan(string functionId = "IDriftDetector.Detect") => new()
    {
        FunctionId = functionId,
        InterfaceName = "IDriftDetector",
        MethodName = "Detect",
        Signature = Signature,
        Domain = MlMonitoringDomain.Name,
        OptimizeFor = "accuracy",
        Learnable = [LearnableParameterSpec.Create("threshold", 4, 0.01, 10, 0, 3.0, isInteger: false)],
    };

    public static TranslationContext Context(
        string text = "False alarm - that was a seasonal dip.",
        string functionId = "IDriftDetector.Detect",
        int version = 1,
        IReadOnlyDictionary<string, object?>? arguments = null,
        object? result = null,
        ExecutionError? error = null,
        double? rating = null,
        IReadOnlyDictionary<string, string>? fields = null)
    {
        var plan = Plan(functionId);
        var current = TrainSpecBuilder.InitialVersion(plan) with { Version = version };
        return new TranslationContext
        {
            Feedback = new NormalizedFeedback { Text = text, Rating = rating, Kind = "text", Fields = fields ?? new Dictionary<string, string>() },
            Execution = new ExecutionRecord
            {
                Id = ExecutionId.New(),
                FunctionId = functionId,
                Version = version,
                StartedAt = DateTimeOffset.UtcNow,
                DurationMs = 12.5,
                Outcome = error is null ? ExecutionOutcome.Success : ExecutionOutcome.Failed,
                Arguments = arguments ?? new Dictionary<string, object?>
                {
                    ["reference"] = Enumerable.Range(0, 500).Select(i => Math.Sin(i / 10.0)).ToArray(),
                    ["current"] = new[] { 1.0, 2.0, 3.0 },
                    ["apiKey"] = LlmRedactor.Marker,
                    ["note"] = "ops on call",
                    ["threshold"] = 3.0,
                },
                LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
                Result = result ?? new { IsDrift = true, Score = 4.2 },
                Error = error,
            },
            Plan = plan,
            TrainSpec = TrainSpecBuilder.Build(plan, MlMonitoringDomain.Template),
            Current = current,
            Domain = MlMonitoringDomain.Template,
        };
    }

    public static ChatResponse Reply(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    /// <summary>A fake client answering <paramref name="answer"/> and recording every message it received.</summary>
    public static Mock<IChatClient> Client(string answer, List<string>? received = null, List<ChatOptions?>? options = null)
    {
        var client = new Mock<IChatClient>(MockBehavior.Strict);
        client.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken>((messages, o, _) =>
            {
                received?.AddRange(messages.Select(m => m.Text));
                options?.Add(o);
            })
            .ReturnsAsync(() => Reply(answer));
        return client;
    }

    public static LlmFeedbackTranslator Translator(IChatClient client, PoetOptions? options = null, LlmResilienceSettings? settings = null) =>
        new(new LlmChatCaller(client, settings ?? FastSettings()), options ?? new PoetOptions());

    public static string Answer(string verdict = "false_positive", int direction = 1, double magnitude = 0.8, double confidence = 0.9, string parameter = "threshold") =>
        $$"""{"verdict":"{{verdict}}","issue":"false_alarm","adjustments":[{"parameter":"{{parameter}}","direction":{{direction}},"magnitude":{{magnitude.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}],"confidence":{{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"rationale":"seasonal dip, not drift"}""";
}
