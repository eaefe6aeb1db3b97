using System.Text;

namespace Poet.Tests.Cli;

/// <summary>Writes delayed-feedback files for the import tests.</summary>
internal static class FeedbackFiles
{
    public static string Csv(IEnumerable<string> rows, string header = "execution_id,feedback,feedback_id,received_at")
    {
        var path = Path.Combine(Path.GetTempPath(), "poet-cli-tests", Guid.NewGuid().ToString("N") + ".csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, header + "\n" + string.Join("\n", rows) + "\n", Encoding.UTF8);
        return path;
    }

    public static string JsonLines(IEnumerable<string> lines)
    {
        var path = Path.Combine(Path.GetTempPath(), "poet-cli-tests", Guid.NewGuid().ToString("N") + ".jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines, Encoding.UTF8);
        return path;
    }

    /// <summary>False-alarm labels for the given executions, with ticket ids as feedback ids.</summary>
    public static IEnumerable<string> FalseAlarms(IEnumerable<ExecutionId> ids, string prefix = "T") =>
        ids.Select((id, i) => $"{id},\"false alarm, that dip was seasonal\",{prefix}-{i},2026-11-28T09:00:00Z");

    public static int FeedbackRecordCount(string store)
    {
        var folder = Path.Combine(store, "feedback");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories).Length : 0;
    }
}
