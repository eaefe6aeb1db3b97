using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Poet.Tests.Ecosystem;

/// <summary>
/// The README works as written. Run here: the whole-loop bash block (against the built DriftApi, on a free port) and
/// the Autofac C# snippet (it is tests/Consumer/Program.cs, which .ci/packages.sh builds and runs from the packed
/// packages). Not run here: "Try it" (the demo and this very test suite), "Install" (.ci/packages.sh does the same),
/// the Ollama commands (need Ollama) and the PoetServer command (a server that runs until stopped; PoetServerHostTests
/// start it in process).
/// </summary>
public partial class ReadmeShellTests
{
    private static readonly string Root = FindRoot();

    [Test]
    [CancelAfter(300_000)]
    public async Task The_whole_loop_block_runs_as_written_against_DriftApi(CancellationToken cancellationToken)
    {
        var block = Block("### The whole loop with the DriftApi example", "bash");
        Assert.That(block, Does.Contain("until curl -sf $API/poet/health"), "the block waits for the server it starts");
        var port = Remote.RemoteTestHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var script = block
            .Replace("5099", port, StringComparison.Ordinal)
            .Replace("dotnet run --project examples/DriftApi", "dotnet run --no-build --project examples/DriftApi", StringComparison.Ordinal);

        var (exitCode, output) = await RunAsync(script, cancellationToken);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Match("\"newVersion\": [0-9]+"), output); // a new version was written (its number depends on the trainer)
        Assert.That(output, Does.Contain("\"status\": \"healthy\""), output);
        Assert.That(output, Does.Not.Contain("/drift//feedback"));
    }

    [Test]
    public void The_Autofac_snippet_is_the_consumer_app_CI_builds_from_the_packages()
    {
        var snippet = Block("## Add POET to an Autofac container", "csharp").ReplaceLineEndings("\n");
        var consumer = File.ReadAllText(Path.Combine(Root, "tests", "Consumer", "Program.cs")).ReplaceLineEndings("\n");
        var split = snippet.IndexOf("public interface IDriftDetector", StringComparison.Ordinal);
        var statements = snippet[..split].Replace("using Poet;\n", "using Microsoft.Extensions.DependencyInjection;\nusing Poet;\n", StringComparison.Ordinal);

        Assert.That(split, Is.GreaterThan(0), "the snippet declares its types after its statements");
        Assert.That(consumer, Does.Contain(statements.TrimEnd()));
        Assert.That(consumer, Does.Contain(snippet[split..].TrimEnd()));
    }

    private static string Block(string heading, string language)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        var at = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"README has no heading '{heading}'");
        var match = FencedBlock().Match(readme, at);
        Assert.That(match.Success && match.Groups["lang"].Value == language, $"no ```{language} block under '{heading}'");
        return match.Groups["body"].Value;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("setsid", ["bash", "-e", "-o", "pipefail", "-c", script])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["POET_STORE_PATH"] = TempStore.NewPath();
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            // The block's server (dotnet run and the app it starts) is in the script's own process group: end it all.
            using var kill = Process.Start("kill", ["-TERM", "--", "-" + process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync(CancellationToken.None);
        }

        return (process.ExitCode, await stdout + "\n" + await stderr);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Poet.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Poet.sln not found above the test directory.");
    }

    [GeneratedRegex(@"```(?<lang>\w+)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
