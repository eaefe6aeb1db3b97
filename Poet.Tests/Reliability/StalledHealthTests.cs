using System.Net;
using Moq;
using Poet.Tests.AspNetCore;

namespace Poet.Tests.Reliability;

/// <summary><c>/poet/health</c> says unhealthy when the execution store answers lookups but cannot record.</summary>
public class StalledHealthTests
{
    [Test]
    public async Task Health_is_503_naming_the_stall_when_the_execution_store_reports_one()
    {
        var store = new StalledStore("The execution log writer has made no progress for 45 s with 12 record(s) queued");
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { ExecutionStore = store });
        host.Functions.Setup(f => f.List()).Returns([]);

        var response = await host.GetAsync("/poet/health");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var executions = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "executions");
        Assert.That(executions.GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
        Assert.That(executions.GetProperty("detail").GetString(), Does.Contain("no progress"));
    }

    [Test]
    public async Task Health_is_200_when_the_execution_store_reports_no_problem()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { ExecutionStore = new StalledStore(null) });
        host.Functions.Setup(f => f.List()).Returns([]);

        var response = await host.GetAsync("/poet/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>An execution store that answers lookups and reports a fixed health problem (diagnostic stand-in).</summary>
    private sealed class StalledStore(string? problem) : IExecutionStore, IStoreHealth
    {
        public string? HealthProblem() => problem;

        public bool TryRecord(ExecutionRecord record) => true;

        public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<ExecutionRecord?>(null);

        public Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
