using Npgsql;

namespace Poet.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL server the PostgreSQL tests use: the one in <c>POET_TEST_POSTGRES</c> (CI starts it with
/// <c>.ci/postgres.sh</c>), else a throwaway cluster started here when Debian's server binaries are installed, else
/// none: then every PostgreSQL test reports Ignored, saying how to get one. Each test gets its own database.
/// </summary>
[SetUpFixture]
public sealed class PostgreSqlServer
{
    public const string Variable = "POET_TEST_POSTGRES";

    private static PostgreSqlCluster? _cluster;
    private static string? _adminConnection;
    private static string? _unavailable;

    /// <summary>The admin connection string, or Ignore with how to get a server.</summary>
    public static string AdminConnection
    {
        get
        {
            if (_adminConnection is null)
            {
                Assert.Ignore(_unavailable ?? "PostgreSQL is not available");
            }

            return _adminConnection!;
        }
    }

    /// <summary>Server binaries (for tests that run their own cluster), or Ignore.</summary>
    public static string Binaries =>
        PostgreSqlCluster.FindBinaries() ?? IgnoreWith<string>("these tests stop and restart their own PostgreSQL and need its server binaries: apt-get install postgresql");

    [OneTimeSetUp]
    public void Start()
    {
        var given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            _adminConnection = given;
            return;
        }

        if (PostgreSqlCluster.FindBinaries() is not { } bin)
        {
            _unavailable = $"no PostgreSQL for these tests: set {Variable} to a connection string of a server where the user may create databases, " +
                "or install the server (apt-get install postgresql) so the tests start a throwaway one, or run `source .ci/postgres.sh` first.";
            return;
        }

        try
        {
            _cluster = PostgreSqlCluster.Start(bin);
            _adminConnection = _cluster.ConnectionString();
        }
        catch (InvalidOperationException ex)
        {
            _unavailable = "a throwaway PostgreSQL could not be started from " + bin + ": " + ex.Message;
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _cluster?.Dispose();
        _cluster = null;
    }

    /// <summary>Creates an empty database; dispose the handle to drop it.</summary>
    public static TestDatabase CreateDatabase() => TestDatabase.Create(AdminConnection);

    private static T IgnoreWith<T>(string message)
    {
        Assert.Ignore(message);
        return default!;
    }
}

/// <summary>A database of its own for one test, dropped (connections forced off) on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _admin;

    private TestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static TestDatabase Create(string adminConnection)
    {
        var name = "poet_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(adminConnection))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Database = name };
        return new TestDatabase(adminConnection, name, builder.ConnectionString);
    }

    public T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            using var connection = new NpgsqlConnection(_admin);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server is gone (a test stopped it): nothing to drop.
        }
    }
}
