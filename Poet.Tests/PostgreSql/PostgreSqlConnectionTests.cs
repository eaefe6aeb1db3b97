using Npgsql;

namespace Poet.Tests.PostgreSql;

/// <summary>Opening the store: migrations, a newer schema, and connection strings that are wrong in various ways.</summary>
public class PostgreSqlConnectionTests
{
    [Test]
    public async Task Migrations_started_by_several_processes_at_once_run_exactly_once()
    {
        using var db = PostgreSqlServer.CreateDatabase();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PoetPostgreSqlStore.OpenAsync(db.ConnectionString))));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.That(stores.Select(s => s.SchemaVersion).Distinct().Count(), Is.EqualTo(1));
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.migrations"), Is.EqualTo(stores[0].SchemaVersion));
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.migrations"), Is.EqualTo(db.Scalar<long>("SELECT count(DISTINCT version) FROM poet.migrations")));
    }

    [Test]
    public async Task A_database_migrated_by_a_newer_poet_is_refused_with_a_message_saying_to_upgrade()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        await (await PoetPostgreSqlStore.OpenAsync(db.ConnectionString)).DisposeAsync();
        db.Execute("INSERT INTO poet.migrations (version, description) VALUES (999, 'from the future')");

        var ex = Assert.ThrowsAsync<PoetStoreException>(() => PoetPostgreSqlStore.OpenAsync(db.ConnectionString));

        Assert.That(ex!.Message, Does.Contain("version 999").And.Contain("newer").And.Contain("Upgrade"));
    }

    [Test]
    public void A_wrong_password_says_so_and_names_host_and_database_but_never_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgreSqlServer.AdminConnection) { Password = "not-the-S3cret-pw" };

        var ex = Assert.ThrowsAsync<PoetStoreException>(() => PoetPostgreSqlStore.OpenAsync(builder.ConnectionString));

        Assert.That(ex!.Message, Does.Contain("password was rejected").And.Contain(builder.Host!).And.Contain($"'{builder.Database}'"));
        Assert.That(ex.ToString(), Does.Not.Contain("not-the-S3cret-pw"));
    }

    [Test]
    public void A_missing_database_says_to_create_it()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgreSqlServer.AdminConnection) { Database = "poet_no_such_db" };

        var ex = Assert.ThrowsAsync<PoetStoreException>(() => PoetPostgreSqlStore.OpenAsync(builder.ConnectionString));

        Assert.That(ex!.Message, Does.Contain("'poet_no_such_db'").And.Contain("does not exist"));
    }

    [Test]
    public void A_server_that_is_not_there_is_named_with_host_and_port()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var ex = Assert.ThrowsAsync<PoetStoreException>(() => PoetPostgreSqlStore.OpenAsync($"Host=127.0.0.1;Port={port};Database=poet;Username=poet;Password=hunter2-pw;Timeout=3"));

        Assert.That(ex!.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("'poet'").And.Contain("PostgreSQL is running"));
        Assert.That(ex.ToString(), Does.Not.Contain("hunter2-pw"));
    }

    [TestCase("", "empty")]
    [TestCase("Host=127.0.0.1;Password=abc-secret-9;Bogus Key=1", "not valid")]
    [TestCase("Database=poet;Password=abc-secret-9", "names no server")]
    public void A_malformed_connection_string_is_refused_at_configuration_with_how_to_write_one(string connectionString, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PoetOptions().UsePostgreSql(connectionString));

        Assert.That(ex!.Message, Does.Contain(expected).And.Contain("Host="));
        Assert.That(ex.ToString(), Does.Not.Contain("abc-secret-9"));
    }
}
