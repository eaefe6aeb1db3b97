using Microsoft.Extensions.AI;
using Moq;
using Poet;

namespace Poet.Tests.Llm;

public class LlmTrainMapProposerTests
{
    private static (InMemoryFunctionStore Store, FunctionPlan Plan) Registered(string functionId = "IDriftDetector.Detect")
    {
        var store = new InMemoryFunctionStore();
        var plan = LlmTestData.Plan(functionId) with
        {
            Learnable =
            [
                LearnableParameterSpec.Create("threshold", 4, 0.01, 10, 0, 3.0, isInteger: false),
                LearnableParameterSpec.Create("minRun", 5, 1, 20, 1, 3, isInteger: true),
            ],
        };
        store.EnsureCreated(plan, TrainSpecBuilder.Build(plan, MlMonitoringDomain.Template), TrainSpecBuilder.InitialVersion(plan));
        return (store, plan);
    }

    private static LlmTrainMapProposer Proposer(IChatClient client, IFunctionStore store, PoetOptions? options = null) =>
        new(new LlmChatCaller(client, LlmTestData.FastSettings()), store, new DomainCatalog(), options ?? new PoetOptions());

    private const string GoodMap =
        """{"entries":[{"verdict":"false_positive","parameter":"threshold","direction":1},{"verdict":"false_positive","parameter":"minRun","direction":1},{"verdict":"false_negative","parameter":"threshold","direction":-1},{"verdict":"false_negative","parameter":"minRun","direction":-1},{"verdict":"too_slow","parameter":"minRun","direction":-1}],"rationale":"a longer run and a higher threshold mean fewer alerts"}""";

    [Test]
    public async Task A_valid_proposal_is_written_into_v1_train_json()
    {
        var (store, plan) = Registered();
        var received = new List<string>();
        var proposer = Proposer(LlmTestData.Client(GoodMap, received).Object, store);

        Assert.That(await proposer.ProposeAsync(plan), Is.EqualTo(TrainMapProposal.Written));

        var spec = store.GetTrainSpec(plan.FunctionId, 1)!;
        Assert.That(spec.MapSource, Is.EqualTo("llm"));
        Assert.That(spec.IssueMap[FeedbackVerdict.FalsePositive], Is.EquivalentTo(new Dictionary<string, int> { ["threshold"] = 1, ["minRun"] = 1 }));
        Assert.That(spec.IssueMap[FeedbackVerdict.TooSlow], Is.EquivalentTo(new Dictionary<string, int> { ["minRun"] = -1 }));
        Assert.That(spec.Parameters, Has.Count.EqualTo(2), "bounds and steps are untouched");
        Assert.That(received[1], Does.Contain("minRun").And.Contain("\"max\":20"));
    }

    [TestCase("not json at all", TestName = "garbage")]
    [TestCase("""{"entries":[{"verdict":"false_positive","parameter":"window","direction":1}],"rationale":""}""", TestName = "undeclared parameter")]
    [TestCase("""{"entries":[{"verdict":"false_positive","parameter":"threshold","direction":2}],"rationale":""}""", TestName = "direction 2")]
    [TestCase("""{"entries":[{"verdict":"false_positive","parameter":"threshold","direction":"up"}],"rationale":""}""", TestName = "direction string")]
    [TestCase("""{"entries":[{"verdict":"bored","parameter":"threshold","direction":1}],"rationale":""}""", TestName = "unknown verdict")]
    [TestCase("""{"entries":[{"verdict":"false_positive","parameter":"threshold","direction":1},{"verdict":"false_negative","parameter":"threshold","direction":1}],"rationale":""}""", TestName = "false alarms and misses push the same way")]
    [TestCase("""{"entries":[{"verdict":"false_positive","parameter":"threshold","direction":1},{"verdict":"false_positive","parameter":"threshold","direction":-1}],"rationale":""}""", TestName = "contradiction")]
    [TestCase("""{"entries":[],"rationale":"nothing"}""", TestName = "empty")]
    [TestCase("""{"code":"def train(): os.system('rm -rf /')"}""", TestName = "code instead of data")]
    public async Task An_invalid_proposal_keeps_the_template_map(string answer)
    {
        var (store, plan) = Registered();
        var before = store.GetTrainSpec(plan.FunctionId, 1)!;

        Assert.That(await Proposer(LlmTestData.Client(answer).Object, store).ProposeAsync(plan), Is.EqualTo(TrainMapProposal.Invalid));

        Assert.That(store.GetTrainSpec(plan.FunctionId, 1), Is.SameAs(before));
    }

    [Test]
    public async Task A_dead_model_keeps_the_template_map()
    {
        var (store, plan) = Registered();
        var client = new Mock<IChatClient>();
        client.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("Connection refused"));

        Assert.That(await Proposer(client.Object, store).ProposeAsync(plan), Is.EqualTo(TrainMapProposal.ModelUnavailable));
        Assert.That(store.GetTrainSpec(plan.FunctionId, 1)!.MapSource, Is.EqualTo("domain-template"));
    }

    [Test]
    public async Task Nothing_is_asked_once_training_began_or_a_map_was_written()
    {
        var (store, plan) = Registered();
        var client = LlmTestData.Client(GoodMap);
        var proposer = Proposer(client.Object, store);
        await store.AppendVersionAsync(plan.FunctionId, v => v with { Reason = new VersionReason { Kind = "feedback" } });

        Assert.That(await proposer.ProposeAsync(plan), Is.EqualTo(TrainMapProposal.Skipped));

        var (fresh, freshPlan) = Registered();
        await fresh.ReplaceTrainSpecAsync(freshPlan.FunctionId, 1, fresh.GetTrainSpec(freshPlan.FunctionId, 1)! with { MapSource = "llm" });
        Assert.That(await Proposer(client.Object, fresh).ProposeAsync(freshPlan), Is.EqualTo(TrainMapProposal.Skipped));

        client.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task The_catalog_hook_runs_in_the_background_once_per_function()
    {
        var (store, plan) = Registered();
        var client = LlmTestData.Client(GoodMap);
        var proposer = Proposer(client.Object, store);

        proposer.OnFunctionRegistered(plan);
        proposer.OnFunctionRegistered(plan);
        await proposer.WhenIdleAsync();

        Assert.That(store.GetTrainSpec(plan.FunctionId, 1)!.MapSource, Is.EqualTo("llm"));
        client.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task The_option_turns_proposals_off()
    {
        var (store, plan) = Registered();
        var client = LlmTestData.Client(GoodMap);
        var proposer = Proposer(client.Object, store, new PoetOptions { LlmProposeTrainMap = false });

        proposer.OnFunctionRegistered(plan);
        await proposer.WhenIdleAsync();

        Assert.That(await proposer.ProposeAsync(plan), Is.EqualTo(TrainMapProposal.Skipped));
        client.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
