using Poet.Tests.Remote;

namespace Poet.Tests.Cli;

/// <summary>A real store folder with the drift detector registered (v1) and recorded executions, as an app leaves it.</summary>
internal static class StoreSeed
{
    public const string FunctionId = RemoteTestData.FunctionId;

    /// <summary>Creates a store in a new temp folder with <paramref name="executions"/> executions (drift reports with rising scores).</summary>
    public static async Task<(string Path, IReadOnlyList<ExecutionId> Ids)> CreateAsync(int executions, string? path = null)
    {
        path ??= TempStore.NewPath();
        var ids = new List<ExecutionId>();
        await using (var store = PoetFileStore.Open(new PoetOptions { StorePath = path }))
        {
            using (var catalog = new LocalFunctionCatalog(store.Functions, new DomainCatalog(), pollInterval: TimeSpan.FromHours(1)))
            {
                catalog.Register(RemoteTestData.Plan());
            }

            var records = Enumerable.Range(0, executions).Select(i => Record(3.2 + ((i % 10) * 0.1))).ToList();
            await store.Executions.AppendAsync(records);
            ids.AddRange(records.Select(r => r.Id));
        }

        return (path, ids);
    }

    /// <summary>Appends executions to an existing store.</summary>
    public static async Task<IReadOnlyList<ExecutionId>> AppendAsync(string path, int executions)
    {
        await using var store = PoetFileStore.Open(new PoetOptions { StorePath = path });
        var records = Enumerable.Range(0, executions).Select(i => Record(3.5)).ToList();
        await store.Executions.AppendAsync(records);
        return [.. records.Select(r => r.Id)];
    }

    private static ExecutionRecord Record(double score) => RemoteTestData.Record(result: new Dictionary<string, object?> { ["isDrift"] = true, ["score"] = score });
}
