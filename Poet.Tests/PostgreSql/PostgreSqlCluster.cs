using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Poet.Tests.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's server binaries (<c>/usr/lib/postgresql/*/bin</c>): initdb in a temp
/// folder (as the <c>postgres</c> user when running as root), password authentication on 127.0.0.1, a free port.
/// The same recipe as <c>.ci/postgres.sh</c>; used when <c>POET_TEST_POSTGRES</c> is not set, and by the tests that
/// stop, kill and restart a database (they never touch the shared one).
/// </summary>
internal sealed class PostgreSqlCluster : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private PostgreSqlCluster(string bin, string dir, int port, string password)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
        Password = password;
    }

    public int Port { get; private set; }

    public string Password { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};Timeout=5";

    /// <summary>The newest server binaries folder, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    /// <summary>Creates and starts a cluster.</summary>
    public static PostgreSqlCluster Start(string bin)
    {
        var dir = Directory.CreateTempSubdirectory("poet-pg-test.").FullName;
        var password = "poet-test-" + Guid.NewGuid().ToString("N")[..12];
        var pwfile = Path.Combine(dir, "pwfile");
        File.WriteAllText(pwfile, password + "\n");
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:", dir);
        }

        var cluster = new PostgreSqlCluster(bin, dir, 0, password);
        cluster.AsPostgres(Path.Combine(bin, "initdb"), "-D", cluster.DataPath, "-U", "postgres", "--pwfile=" + pwfile,
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        File.Delete(pwfile);
        cluster.StartServer();
        return cluster;
    }

    public string DataPath => Path.Combine(_dir, "data");

    /// <summary>Starts the server (again), on its port (a new free one the first time).</summary>
    public void StartServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Port == 0 ? FreePort() : Port;
            try
            {
                AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", DataPath, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "30", "start",
                    "-o", string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {port} -k {_dir} -c fsync=off -c max_connections=100"));
                Port = port;
                return;
            }
            catch (InvalidOperationException) when (attempt < 5 && Port == 0)
            {
                // The port was taken between picking and binding: pick another.
            }
        }
    }

    /// <summary>Stops the server: <c>immediate</c> is a crash (no checkpoint, connections cut), like a killed database.</summary>
    public void Stop(bool immediate = false) =>
        AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", DataPath, "-m", immediate ? "immediate" : "fast", "-w", "stop");

    public void Dispose()
    {
        try
        {
            Stop(immediate: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void AsPostgres(string program, params string[] args)
    {
        if (IsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", program, .. args]);
        }
        else
        {
            Run(program, args);
        }
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result} {error.Result}");
        }
    }
}
