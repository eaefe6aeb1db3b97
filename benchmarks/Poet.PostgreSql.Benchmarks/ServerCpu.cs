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
        var ticks = 0L;
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

            for (var i = 11; i <= 14; i++)
            {
                ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }

        return ticks == 0 ? null : ticks / 100.0; // USER_HZ is 100 on Linux
    }
}
