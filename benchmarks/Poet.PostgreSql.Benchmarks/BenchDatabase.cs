using Npgsql;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>The benchmark server (<c>POET_BENCH_POSTGRES</c>, else <c>POET_TEST_POSTGRES</c>) and databases on it.</summary>
public static class BenchDatabase
{
    public static string Admin =>
        Environment.GetEnvironmentVariable("POET_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
        : Environment.GetEnvironmentVariable("POET_TEST_POSTGRES") is { Length: > 0 } test ? test
        : throw new InvalidOperationException("Set POET_BENCH_POSTGRES to an admin connection string (or `source .ci/postgres.sh`, which sets POET_TEST_POSTGRES).");

    /// <summary>A connection string to database <paramref name="name"/>, created when missing.</summary>
    public static string Ensure(string name)
    {
        using (var connection = new NpgsqlConnection(Admin))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                create.ExecuteNonQuery();
            }
        }

        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops and recreates database <paramref name="name"/>.</summary>
    public static string Fresh(string name)
    {
        using (var connection = new NpgsqlConnection(Admin))
        {
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }

        return Ensure(name);
    }

    public static ExecutionRecord Record(string functionId = "IDriftDetector.Detect") => new()
    {
        Id = ExecutionId.New(),
        FunctionId = functionId,
        Version = 1,
        StartedAt = DateTimeOffset.UtcNow,
        DurationMs = 0.42,
        Outcome = ExecutionOutcome.Success,
        Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0, 3.0 }, ["current"] = new[] { 1.5, 9.0, 2.5 } },
        LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
        Result = new DriftResult(true, 4.2),
    };
}

/// <summary>A detector's result, as recorded.</summary>
public sealed record DriftResult(bool IsDrift, double Score);
