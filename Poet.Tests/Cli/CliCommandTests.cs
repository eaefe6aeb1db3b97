using System.Text.Json;

namespace Poet.Tests.Cli;

public class CliCommandTests
{
    [Test]
    public async Task Functions_json_is_an_array_of_functionId_currentVersion_and_parameters()
    {
        var (store, _) = await StoreSeed.CreateAsync(executions: 1);

        var result = await CliRun.Local(store, "functions", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var function = result.Json().EnumerateArray().Single();
        Assert.That(function.GetProperty("functionId").GetString(), Is.EqualTo(StoreSeed.FunctionId));
        Assert.That(function.GetProperty("currentVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(function.GetProperty("parameters").GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));
    }

    [Test]
    public async Task Functions_prints_a_table_with_the_learned_values()
    {
        var (store, _) = await StoreSeed.CreateAsync(executions: 1);

        var result = await CliRun.Local(store, "functions");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain(StoreSeed.FunctionId).And.Contain("v1").And.Contain("threshold=3"));
    }

    [Test]
    public async Task Feedback_writes_a_version_and_show_explains_why_and_running_it_again_applies_nothing()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 1);

        var first = await CliRun.Local(store, "feedback", ids[0].Value, "false alarm, that dip was seasonal", "--json");
        var again = await CliRun.Local(store, "feedback", ids[0].Value, "false alarm, that dip was seasonal", "--json");
        var show = await CliRun.Local(store, "show", StoreSeed.FunctionId, "--json");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Json().GetProperty("newVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(first.Json().GetProperty("verdict").GetString(), Is.EqualTo("falsePositive"));
        Assert.That(again.Json().GetProperty("alreadyApplied").GetBoolean(), Is.True);
        var versions = show.Json().GetProperty("versions");
        Assert.That(versions.GetArrayLength(), Is.EqualTo(2));
        Assert.That(versions[1].GetProperty("kind").GetString(), Is.EqualTo("feedback"));
        Assert.That(versions[1].GetProperty("feedbackIds")[0].GetString(), Is.EqualTo(first.Json().GetProperty("feedbackId").GetString()));
        Assert.That(versions[1].GetProperty("isCurrent").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Rollback_makes_an_older_version_current()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 1);
        await CliRun.Local(store, "feedback", ids[0].Value, "false alarm");

        var rollback = await CliRun.Local(store, "rollback", StoreSeed.FunctionId, "v1");
        var functions = await CliRun.Local(store, "functions", "--json");

        Assert.That(rollback.ExitCode, Is.Zero, rollback.ToString());
        Assert.That(functions.Json()[0].GetProperty("currentVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(functions.Json()[0].GetProperty("parameters").GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));
    }

    [Test]
    public async Task Exit_codes_say_bad_usage_not_found_and_store_error()
    {
        var (store, _) = await StoreSeed.CreateAsync(executions: 1);

        var unknownCommand = await CliRun.Local(store, "frobnicate");
        var badId = await CliRun.Local(store, "feedback", "not-an-id", "x");
        var badVersion = await CliRun.Local(store, "rollback", StoreSeed.FunctionId, "latest");
        var unknownFunction = await CliRun.Local(store, "show", "INope.Nope");
        var unknownVersion = await CliRun.Local(store, "rollback", StoreSeed.FunctionId, "9");
        var unknownExecution = await CliRun.Local(store, "feedback", ExecutionId.New().Value, "false alarm");
        var noStore = await CliRun.Local(Path.Combine(store, "missing"), "functions");

        Assert.That(unknownCommand.ExitCode, Is.EqualTo(1), unknownCommand.ToString());
        Assert.That(badId.ExitCode, Is.EqualTo(1));
        Assert.That(badId.Error, Does.Contain("not a POET execution id"));
        Assert.That(badVersion.ExitCode, Is.EqualTo(1));
        Assert.That(unknownFunction.ExitCode, Is.EqualTo(2));
        Assert.That(unknownFunction.Error, Does.Contain("poet functions"));
        Assert.That(unknownVersion.ExitCode, Is.EqualTo(2), unknownVersion.ToString());
        Assert.That(unknownExecution.ExitCode, Is.EqualTo(2), unknownExecution.ToString());
        Assert.That(noStore.ExitCode, Is.EqualTo(3));
        Assert.That(noStore.Error, Does.Contain("No POET store").And.Contain("--store"));
    }

    [Test]
    public async Task Help_shows_examples_and_exit_codes()
    {
        var root = await CliRun.RunAsync(["--help"]);
        var import = await CliRun.RunAsync(["import", "--help"]);

        Assert.That(root.ExitCode, Is.Zero);
        Assert.That(root.Output, Does.Contain("Examples:").And.Contain("poet import labels.csv").And.Contain("Exit codes: 0 ok"));
        Assert.That(import.Output, Does.Contain("execution_id,feedback,feedback_id,received_at"));
    }

    [Test]
    public async Task Executions_lists_filtered_newest_first_and_export_writes_json_lines()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 5);
        var target = Path.Combine(store, "..", Guid.NewGuid().ToString("N") + ".jsonl");

        var listed = await CliRun.Local(store, "executions", "--function", StoreSeed.FunctionId, "--outcome", "success", "--since", "1h", "--limit", "3", "--json");
        var none = await CliRun.Local(store, "executions", "--function", "INope.Nope", "--json");
        var exported = await CliRun.Local(store, "export", "--output", target);

        Assert.That(listed.ExitCode, Is.Zero, listed.ToString());
        Assert.That(listed.Json().GetArrayLength(), Is.EqualTo(3));
        Assert.That(ids, Does.Contain(ExecutionId.Parse(listed.Json()[0].GetProperty("id").GetString()!)));
        Assert.That(none.Json().GetArrayLength(), Is.Zero);
        Assert.That(exported.ExitCode, Is.Zero, exported.ToString());
        var lines = File.ReadAllLines(target);
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()), Is.EquivalentTo(ids.Select(i => i.Value)));
    }

    [Test]
    public async Task Doctor_reports_a_healthy_store_and_flags_quarantined_files_and_unfinished_writes()
    {
        var (store, _) = await StoreSeed.CreateAsync(executions: 3);
        var healthy = await CliRun.Local(store, "doctor", "--json");
        Directory.CreateDirectory(Path.Combine(store, "quarantine"));
        await File.WriteAllTextAsync(Path.Combine(store, "quarantine", "broken.json"), "{");
        await File.WriteAllTextAsync(Path.Combine(store, ".current.0123.tmp"), "2");

        var warned = await CliRun.Local(store, "doctor", "--json");
        var text = await CliRun.Local(store, "doctor");

        Assert.That(healthy.ExitCode, Is.Zero, healthy.ToString());
        var report = healthy.Json();
        Assert.That(report.GetProperty("healthy").GetBoolean(), Is.True);
        Assert.That(report.GetProperty("format").GetInt32(), Is.EqualTo(1));
        Assert.That(report.GetProperty("functions").GetInt32(), Is.EqualTo(1));
        Assert.That(report.GetProperty("executionBytes").GetInt64(), Is.GreaterThan(0));
        Assert.That(warned.Json().GetProperty("quarantined").GetArrayLength(), Is.EqualTo(1));
        Assert.That(warned.Json().GetProperty("unfinishedWrites").GetArrayLength(), Is.EqualTo(1));
        Assert.That(text.Output, Does.Contain("warning:").And.Contain("Healthy."));
    }

    [Test]
    public async Task A_store_written_by_a_newer_POET_is_exit_code_3_with_the_reason()
    {
        var (store, _) = await StoreSeed.CreateAsync(executions: 1);
        await File.WriteAllTextAsync(Path.Combine(store, "format"), "99");

        var result = await CliRun.Local(store, "doctor");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.Contain("newer"));
    }
}
