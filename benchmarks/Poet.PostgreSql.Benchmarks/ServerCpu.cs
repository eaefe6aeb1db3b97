using System.Globalization;
using Npgsql;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// CPU time used by a local PostgreSQL server: its postmaster and every process it started (backends, WAL writer,
/// checkpointer, autovacuum; those that ended are counted in the postmaster's children time), read from Linux's
/// <c>/proc</c>. Null when the server is not on this machine or <c>/proc</c> cannot be read.
/// </summary>
public sealed class ServerCpu
{
    private readonly int _postmaster;

    private ServerCpu(int postmaster) => _postmaster = postmaster;

    /// <summary>Finds the server's postmaster through its data directory (needs a superuser connection).</summary>
    public static ServerCpu? Find(string connection)
    {
        try
        {
            using var dataSource = NpgsqlDataSource.Create(connection);
            using var command = dataSource.CreateCommand("SHOW data_directory");
            var directory = (string)command.ExecuteScalar()!;
            var pid = int.Parse(File.ReadLines(Path.Combine(directory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var cpu = new ServerCpu(pid);
            return cpu.Seconds() is null ? null : cpu;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NpgsqlException or FormatException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds (user + system) used so far by the server's processes, or null when unreadable.</summary>
    public double? Seconds()
    {
        var seconds = ByRole().Values.Sum();
        return seconds == 0 ? null : seconds;
    }

    /// <summary>
    /// CPU seconds per server process role (its title without the connection details: "postgres: walwriter",
    /// "postgres: postgres poet_bench_ingest", ...; processes that ended are in the postmaster's children time).
    /// </summary>
    public Dictionary<string, double> ByRole()
    {
        var byRole = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // ended meanwhile
            }

            // Fields after "(comm) ": state ppid ... utime(12) stime(13) cutime(14) cstime(15), 1-based after comm.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (pid != _postmaster && parent != _postmaster)
            {
                continue;
            }

            var ticks = 0L;
            for (var i = 11; i <= 14; i++)
            {
                ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }

            string role;
            try
            {
                role = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue;
            }

            // "postgres: postgres poet_bench_ingest 127.0.0.1(5555) COPY": keep the user and database.
            var words = role.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            role = pid == _postmaster ? "postmaster (and ended children)" : string.Join(' ', words.Take(words.Length > 3 && words[3].Contains('(') ? 3 : 4));
            byRole[role] = byRole.GetValueOrDefault(role) + (ticks / 100.0); // USER_HZ is 100 on Linux
        }

        return byRole;
    }

    /// <summary>The CPU per role since <paramref name="before"/>, per record, largest first.</summary>
    public string Since(Dictionary<string, double> before, double records) => string.Join(", ", ByRole()
        .Select(p => (p.Key, Seconds: p.Value - before.GetValueOrDefault(p.Key)))
        .Where(p => p.Seconds > 0)
        .OrderByDescending(p => p.Seconds)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Seconds * 1e6 / records:F2} us")));
}
