namespace Poet.Tests.Cli;

public class CliServiceTests
{
    [Test]
    public async Task Over_a_POET_service_functions_feedback_and_import_work_like_on_a_store_and_reimport_changes_nothing()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 12);
        await using var factory = IdempotentFeedbackTests.PoetServer(store);
        var server = factory.Server;
        string[] Service(params string[] args) => [.. args, "--service", "http://localhost/", "--key", IdempotentFeedbackTests.ServerKey];
        var file = FeedbackFiles.Csv(FeedbackFiles.FalseAlarms(ids.Skip(1)).Append("not-an-id,false alarm,X,"));

        var functions = await CliRun.RunAsync(Service("functions", "--json"), server.CreateHandler);
        var feedback = await CliRun.RunAsync(Service("feedback", ids[0].Value, "false alarm", "--json"), server.CreateHandler);
        var import = await CliRun.RunAsync(Service("import", file, "--batch-size", "4", "--json"), server.CreateHandler);
        var reimport = await CliRun.RunAsync(Service("import", file, "--json"), server.CreateHandler);
        var show = await CliRun.RunAsync(Service("show", StoreSeed.FunctionId, "--json"), server.CreateHandler);
        var wrongKey = await CliRun.RunAsync(["functions", "--service", "http://localhost/", "--key", "nope"], server.CreateHandler);
        var localOnly = await CliRun.RunAsync(Service("executions"), server.CreateHandler);

        Assert.That(functions.ExitCode, Is.Zero, functions.ToString());
        Assert.That(functions.Json()[0].GetProperty("functionId").GetString(), Is.EqualTo(StoreSeed.FunctionId));
        Assert.That(functions.Json()[0].GetProperty("parameters").GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));
        Assert.That(feedback.Json().GetProperty("newVersion").GetInt32(), Is.EqualTo(2), feedback.ToString());
        Assert.That(import.ExitCode, Is.EqualTo(1), import.ToString());
        Assert.That(import.Json().GetProperty("applied").GetInt64(), Is.EqualTo(11));
        Assert.That(import.Json().GetProperty("errors")[0].GetProperty("line").GetInt64(), Is.EqualTo(13));
        Assert.That(import.Json().GetProperty("versionsWritten").GetProperty(StoreSeed.FunctionId).GetArrayLength(), Is.EqualTo(3), "11 rows in batches of 4");
        Assert.That(reimport.Json().GetProperty("alreadyApplied").GetInt64(), Is.EqualTo(11));
        Assert.That(reimport.Json().GetProperty("versionsWritten").EnumerateObject(), Is.Empty);
        Assert.That(show.Json().GetProperty("versions").GetArrayLength(), Is.EqualTo(5));
        Assert.That(wrongKey.ExitCode, Is.EqualTo(3));
        Assert.That(wrongKey.Error, Does.Contain("AITOMATIC_API_KEY"));
        Assert.That(localOnly.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task The_service_is_taken_from_AITOMATIC_API_URL_and_its_key_when_no_option_is_given()
    {
        var (store, _) = await StoreSeed.CreateAsync(executions: 1);
        await using var factory = IdempotentFeedbackTests.PoetServer(store);
        var server = factory.Server;
        var environment = new Dictionary<string, string>
        {
            [PoetOptions.ServiceUrlVariable] = "http://localhost/",
            [PoetOptions.ServiceApiKeyVariable] = IdempotentFeedbackTests.ServerKey,
        };

        var result = await CliRun.RunAsync(["functions", "--json"], server.CreateHandler, environment);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Json()[0].GetProperty("currentVersion").GetInt32(), Is.EqualTo(1));
    }
}
