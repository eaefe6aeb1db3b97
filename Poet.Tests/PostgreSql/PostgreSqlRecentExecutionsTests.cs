namespace Poet.Tests.PostgreSql;

/// <summary><see cref="IExecutionStore.ListRecentAsync"/> in PostgreSQL: newest first across day partitions, by count and start time.</summary>
public class PostgreSqlRecentExecutionsTests
{
    [Test]
    public async Task A_functions_newest_executions_are_listed_newest_first_across_days_without_the_other_functions()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await using var store = await PoetPostgreSqlStore.OpenAsync(db.ConnectionString);
        var today = DateTimeOffset.UtcNow.AddMinutes(-10);
        var yesterday = today.AddDays(-1);
        var mine = new[] { PgTestData.Record(yesterday), PgTestData.Record(today), PgTestData.Record(today.AddSeconds(1)) };
        await store.Executions.AppendAsync([.. mine, PgTestData.Record(today.AddSeconds(2), "IOther.Run"), PgTestData.Record(yesterday.AddSeconds(5), "IOther.Run")]);
        var queued = PgTestData.Record(today.AddSeconds(3));
        store.Executions.TryRecord(queued);

        var recent = await store.Executions.ListRecentAsync(PgTestData.FunctionId, 10);

        Assert.That(recent.Select(r => r.Id), Is.EqualTo(new[] { queued.Id, mine[2].Id, mine[1].Id, mine[0].Id }), "the queued call is written first");
        Assert.Multiple(async () =>
        {
            Assert.That(recent[1].LearnedParameters["threshold"], Is.EqualTo(3.0), "the records read back whole");
            Assert.That((await store.Executions.ListRecentAsync(PgTestData.FunctionId, 2)).Select(r => r.Id), Is.EqualTo(new[] { queued.Id, mine[2].Id }));
            Assert.That((await store.Executions.ListRecentAsync(PgTestData.FunctionId, 10, since: today.AddMilliseconds(500))).Select(r => r.Id),
                Is.EqualTo(new[] { queued.Id, mine[2].Id }));
            Assert.That((await store.Executions.ListRecentAsync("IOther.Run", 10)).Count, Is.EqualTo(2));
            Assert.That(await store.Executions.ListRecentAsync("INever.Called", 10), Is.Empty);
        });
    }
}
