using System.Text.Json;

namespace Poet.Tests.Reliability.Faults;

/// <summary>
/// Reopens a store the way a restarted app does (repairs run: orphaned segments sealed, torn tails cut, interrupted
/// versions finished) and checks it: every execution line parses, every function has a current version, its versions
/// are 1..n without a gap and each is in its history. Counts the records of each harness run.
/// </summary>
internal sealed class StoreAudit
{
    private StoreAudit()
    {
    }

    /// <summary>What is wrong with the store (empty when nothing is).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Execution records found, per harness run.</summary>
    public Dictionary<string, int> RecordsPerRun { get; } = new(StringComparer.Ordinal);

    /// <summary>The highest call number recorded, per harness run.</summary>
    public Dictionary<string, int> LastCallPerRun { get; } = new(StringComparer.Ordinal);

    /// <summary>The versions of the harness's function.</summary>
    public IReadOnlyList<int> Versions { get; private set; } = [];

    public static async Task<StoreAudit> RunAsync(string storePath)
    {
        var audit = new StoreAudit();
        await using (var store = PoetFileStore.Open(new PoetOptions { StorePath = storePath }))
        {
            foreach (var functionId in store.Functions.ListFunctions())
            {
                audit.CheckFunction(store, storePath, functionId);
            }
        }

        // Disposed: every segment sealed, the maintenance pass done; now every line must parse.
        foreach (var segment in Directory.EnumerateFiles(Path.Combine(storePath, "executions"), "*.jsonl"))
        {
            foreach (var line in File.ReadLines(segment).Where(l => l.Length > 0))
            {
                try
                {
                    using var record = JsonDocument.Parse(line);
                    var arguments = record.RootElement.GetProperty("arguments");
                    var run = arguments.GetProperty("run").GetString() ?? "?";
                    audit.RecordsPerRun[run] = audit.RecordsPerRun.GetValueOrDefault(run) + 1;
                    audit.LastCallPerRun[run] = Math.Max(audit.LastCallPerRun.GetValueOrDefault(run), arguments.GetProperty("call").GetInt32());
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    audit.Problems.Add($"{Path.GetFileName(segment)}: a line does not parse ({ex.Message}): {line[..Math.Min(120, line.Length)]}");
                }
            }
        }

        return audit;
    }

    private void CheckFunction(PoetFileStore store, string storePath, string functionId)
    {
        var current = store.Functions.GetCurrent(functionId);
        var versions = store.Functions.GetVersions(functionId);
        if (functionId == "ISensor.Check")
        {
            Versions = versions;
        }

        if (current is null)
        {
            Problems.Add($"{functionId}: no current version");
            return;
        }

        if (!versions.SequenceEqual(Enumerable.Range(1, versions.Count)))
        {
            Problems.Add($"{functionId}: versions are not 1..n without a gap: {string.Join(",", versions)}");
        }

        var history = File.ReadAllLines(Path.Combine(storePath, functionId, "history.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("version").GetInt32())
            .ToHashSet();
        var missing = versions.Where(v => !history.Contains(v)).ToList();
        if (missing.Count > 0)
        {
            Problems.Add($"{functionId}: versions missing from history.jsonl: {string.Join(",", missing)}");
        }

        if (current.Version != versions[^1])
        {
            Problems.Add($"{functionId}: current is v{current.Version}, not the newest v{versions[^1]} (no rollback was made)");
        }
    }
}
