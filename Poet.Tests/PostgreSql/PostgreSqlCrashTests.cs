using Autofac;
using Npgsql;
using Poet.Tests.Remote;

namespace Poet.Tests.PostgreSql;

/// <summary>
/// A database server that crashes (<c>pg_ctl stop -m immediate</c>: no checkpoint, connections cut) on a cluster of the
/// test's own: what a feedback's answer promised is there after the restart.
/// </summary>
public class PostgreSqlCrashTests
{
    [Test]
    public async Task An_answered_feedback_and_the_version_it_wrote_survive_a_database_crash()
    {
        using var cluster = PostgreSqlCluster.Start(PostgreSqlServer.Binaries);
        var connection = cluster.ConnectionString();
        FeedbackOutcome outcome;
        await using (var app = Container(connection))
        {
            var result = app.Resolve<IThresholdProbe>().Check(3.5);
            outcome = await app.Resolve<IPoetFeedback>().FeedbackAsync(result, "False alarm - that was a seasonal dip.");

            // Right after the answer, before the server's WAL writer would have written anything on its own schedule.
            cluster.Stop(immediate: true);
            NpgsqlConnection.ClearAllPools();
            cluster.StartServer(); // crash recovery replays the WAL; the app closes against the running server
        }

        await using var store = await PoetPostgreSqlStore.OpenAsync(connection);
        var stored = await store.Feedback.FindAsync(outcome.FeedbackId!);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.NewVersion, Is.EqualTo(2));
            Assert.That(store.Functions.GetCurrent("IThresholdProbe.Check")!.Version, Is.EqualTo(2), "the version the feedback wrote");
            Assert.That(stored!.ProducedVersion, Is.EqualTo(2), "the feedback with the version it produced");
            Assert.That(stored.Signal, Is.Not.Null);
        });
    }

    private static IContainer Container(string connection)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o => o.UsePostgreSql(connection));
        builder.RegisterType<ThresholdProbe>().As<IThresholdProbe>().EnablePoet();
        return builder.Build();
    }
}
