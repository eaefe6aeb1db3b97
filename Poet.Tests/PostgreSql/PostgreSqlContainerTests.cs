using Autofac;
using Poet.Tests.Remote;

namespace Poet.Tests.PostgreSql;

/// <summary>
/// Two app containers configured with <c>UsePostgreSql</c> on one database stand for two app instances: real POET
/// proxies, the offline translator, the trainer, and the PostgreSQL store underneath.
/// </summary>
public class PostgreSqlContainerTests
{
    [Test]
    public async Task Two_containers_on_one_database_learn_together()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var a = Container(db);
        await using var b = Container(db);
        var probeA = a.Resolve<IThresholdProbe>();
        var probeB = b.Resolve<IThresholdProbe>();
        var first = probeA.Check(3.5);
        Assert.That(probeB.Check(3.5).Threshold, Is.EqualTo(3.0));

        var outcome = await a.Resolve<IPoetFeedback>().FeedbackAsync(first, "False alarm - that was a seasonal dip.");

        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        var raised = outcome.Changes.Single(c => c.Name == "threshold").NewValue;
        Assert.That(await PgTestData.Eventually(() => probeB.Check(3.5).Threshold == raised), Is.True, "B runs with what A learned");

        var fromB = probeB.Check(3.5);
        var second = await b.Resolve<IPoetFeedback>().FeedbackAsync(fromB, "False alarm again.");
        Assert.That(second.NewVersion, Is.EqualTo(3), "B's feedback continues A's version line");
        Assert.That(await PgTestData.Eventually(() => probeA.Check(3.5).Threshold == second.Changes.Single().NewValue), Is.True);

        var info = a.Resolve<IPoetFunctions>().Get("IThresholdProbe.Check");
        Assert.That(info.Versions, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.feedback"), Is.EqualTo(2));
    }

    [Test]
    public async Task An_execution_recorded_by_one_container_can_get_feedback_through_the_other()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var a = Container(db);
        await using var b = Container(db);
        a.Resolve<IThresholdProbe>().Check(3.5);
        var id = PoetContext.LastExecutionId!.Value;
        await a.Resolve<IExecutionStore>().FlushAsync();

        var outcome = await b.Resolve<IPoetFeedback>().FeedbackAsync(id, "False alarm.");

        Assert.That(outcome.ExecutionId, Is.EqualTo(id));
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
    }

    [Test]
    public async Task A_payload_that_cannot_be_stored_whole_is_stored_with_why_through_the_feedback_path()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var app = Container(db);
        var result = app.Resolve<IThresholdProbe>().Check(3.5);

        await app.Resolve<IPoetFeedback>().FeedbackAsync(result, new TaskCompletionSource<int>().Task); // never completes

        Assert.Multiple(() =>
        {
            Assert.That(db.Scalar<bool>("SELECT raw_truncated FROM poet.feedback"), Is.True);
            Assert.That(db.Scalar<string>("SELECT raw_truncated_reason FROM poet.feedback"), Does.Contain("task"));
        });
    }

    private static IContainer Container(TestDatabase db)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o => o.UsePostgreSql(db.ConnectionString));
        builder.RegisterType<ThresholdProbe>().As<IThresholdProbe>().EnablePoet();
        return builder.Build();
    }
}
