using System.Globalization;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// CPU seconds used so far by this process's threads, grouped by thread name (Linux <c>/proc/self/task</c>): where an
/// app's CPU per record goes (the calling thread, the recorder's writer, the thread pool running Npgsql's I/O, the
/// garbage collector). Threads that ended are not counted (the process total is).
/// </summary>
public static class ThreadCpu
{
    /// <summary>CPU seconds per thread name; the calling thread (the process's main thread) is named "main".</summary>
    public static Dictionary<string, double> ByName()
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = Path.GetFileName(task) == self ? "main" : File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                byName[name] = byName.GetValueOrDefault(name) + seconds;
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return byName;
    }

    /// <summary>The difference per name, as "name 1.23 s" pairs, largest first.</summary>
    public static string Since(Dictionary<string, double> before, double perRecordDivisor)
    {
        var after = ByName();
        return string.Join(", ", after
            .Select(p => (p.Key, Seconds: p.Value - before.GetValueOrDefault(p.Key)))
            .Where(p => p.Seconds > 0)
            .OrderByDescending(p => p.Seconds)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Seconds * 1e6 / perRecordDivisor:F2} us")));
    }
}
