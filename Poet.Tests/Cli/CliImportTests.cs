namespace Poet.Tests.Cli;

public class CliImportTests
{
    [Test]
    public async Task A_csv_with_bad_rows_applies_the_good_ones_and_reports_each_bad_one_with_its_line()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 4);
        var old = ExecutionId.New(DateTimeOffset.UtcNow.AddDays(-90));
        var file = FeedbackFiles.Csv(
        [
            $"{ids[0]},\"false alarm, that dip was seasonal\",T-1,2026-11-28T09:00:00Z", // line 2
            $"{ExecutionId.New()},false alarm,T-2,",                                       // line 3: unknown id
            "not-an-id,false alarm,T-3,",                                                   // line 4: unparsable id
            $"{ids[1]},false alarm,T-4,yesterday-ish",                                     // line 5: bad time
            $"{old},false alarm,T-5,",                                                      // line 6: older than retention
            $"{ids[2]},",                                                                   // line 7: too few fields
            $"{ids[3]},4,T-7,",                                                             // line 8: a rating
        ]);

        var result = await CliRun.Local(store, "import", file, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        var summary = result.Json();
        Assert.That(summary.GetProperty("rows").GetInt64(), Is.EqualTo(7));
        Assert.That(summary.GetProperty("applied").GetInt64(), Is.EqualTo(2));
        Assert.That(summary.GetProperty("rejected").GetInt64(), Is.EqualTo(5));
        var errors = summary.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("line").GetInt64(), e => e.GetProperty("error").GetString());
        Assert.That(errors.Keys, Is.EquivalentTo(new long[] { 3, 4, 5, 6, 7 }));
        Assert.That(errors[3], Does.Contain("No POET execution"));
        Assert.That(errors[4], Does.Contain("not a POET execution id"));
        Assert.That(errors[5], Does.Contain("received_at"));
        Assert.That(errors[6], Does.Contain("older than the execution retention"));
        Assert.That(errors[7], Does.Contain("fields"));
        Assert.That(FeedbackFiles.FeedbackRecordCount(store), Is.EqualTo(2));
    }

    [Test]
    public async Task A_batch_writes_one_version_per_function_listing_the_feedback_ids_it_used()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 7);
        var file = FeedbackFiles.Csv(FeedbackFiles.FalseAlarms(ids));

        var result = await CliRun.Local(store, "import", file, "--batch-size", "3", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var written = result.Json().GetProperty("versionsWritten").GetProperty(StoreSeed.FunctionId).EnumerateArray().Select(v => v.GetInt32()).ToList();
        Assert.That(written, Is.EqualTo(new[] { 2, 3, 4 }), "7 rows in batches of 3: three batches, one version each");
        await using var opened = PoetFileStore.Open(new PoetOptions { StorePath = store });
        var listed = written.SelectMany(v => opened.Functions.GetVersion(StoreSeed.FunctionId, v)!.Reason.FeedbackIds).ToList();
        Assert.That(listed, Is.Unique);
        Assert.That(listed, Is.SubsetOf(Enumerable.Range(0, 7).Select(i => FeedbackKeys.IdFor($"T-{i}"))));
        Assert.That(opened.Functions.GetVersion(StoreSeed.FunctionId, 2)!.Reason.Rationale, Does.Contain("batch"));
    }

    [Test]
    public async Task Importing_the_same_file_twice_writes_no_new_version_and_no_new_feedback_record()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 25);
        var withKeys = FeedbackFiles.Csv(FeedbackFiles.FalseAlarms(ids.Take(20)));
        var withoutKeys = FeedbackFiles.Csv(ids.Skip(20).Select(id => $"{id},missed the outage"), header: "execution_id,feedback");
        var first = await CliRun.Local(store, "import", withKeys, "--batch-size", "8", "--json");
        var firstPlain = await CliRun.Local(store, "import", withoutKeys, "--json");
        var versions = (await CliRun.Local(store, "functions", "--json")).Json()[0].GetProperty("currentVersion").GetInt32();
        var records = FeedbackFiles.FeedbackRecordCount(store);

        var second = await CliRun.Local(store, "import", withKeys, "--batch-size", "5", "--json");
        var secondPlain = await CliRun.Local(store, "import", withoutKeys, "--json");

        Assert.That(first.Json().GetProperty("applied").GetInt64(), Is.EqualTo(20), first.ToString());
        Assert.That(firstPlain.Json().GetProperty("applied").GetInt64(), Is.EqualTo(5), firstPlain.ToString());
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.Json().GetProperty("alreadyApplied").GetInt64(), Is.EqualTo(20));
        Assert.That(second.Json().GetProperty("applied").GetInt64(), Is.Zero);
        Assert.That(secondPlain.Json().GetProperty("alreadyApplied").GetInt64(), Is.EqualTo(5), "keys derived from execution id + feedback");
        Assert.That(second.Json().GetProperty("versionsWritten").EnumerateObject(), Is.Empty);
        Assert.That((await CliRun.Local(store, "functions", "--json")).Json()[0].GetProperty("currentVersion").GetInt32(), Is.EqualTo(versions));
        Assert.That(FeedbackFiles.FeedbackRecordCount(store), Is.EqualTo(records));
    }

    [Test]
    public async Task Json_lines_import_the_same_fields_and_report_unparsable_lines()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 2);
        var file = FeedbackFiles.JsonLines(
        [
            $$"""{"execution_id": "{{ids[0]}}", "feedback": "false alarm", "feedback_id": "J-1", "received_at": "2026-11-28T09:00:00Z"}""",
            "{ this is not json",
            string.Empty,
            $$$"""{"executionId": "{{{ids[1]}}}", "feedback": {"rating": 1, "comment": "false alarm"}}""",
        ]);

        var result = await CliRun.Local(store, "import", file, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Json().GetProperty("applied").GetInt64(), Is.EqualTo(2));
        Assert.That(result.Json().GetProperty("errors")[0].GetProperty("line").GetInt64(), Is.EqualTo(2));
        await using var opened = PoetFileStore.Open(new PoetOptions { StorePath = store });
        var stored = await opened.Feedback.FindByIdempotencyKeyAsync("J-1");
        Assert.That(stored!.ReceivedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task A_file_without_the_required_header_is_bad_usage_and_changes_nothing()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 1);
        var file = FeedbackFiles.Csv([$"{ids[0]},false alarm"], header: "id,comment");

        var result = await CliRun.Local(store, "import", file);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("line 1").And.Contain("execution_id"));
        Assert.That(FeedbackFiles.FeedbackRecordCount(store), Is.Zero);
    }

    [Test]
    public async Task An_import_and_live_feedback_at_the_same_time_both_apply_everything_once()
    {
        var (store, ids) = await StoreSeed.CreateAsync(executions: 260);
        var imported = ids.Take(200).ToList();
        var live = ids.Skip(200).ToList();
        var file = FeedbackFiles.Csv(FeedbackFiles.FalseAlarms(imported));
        var app = new Autofac.ContainerBuilder();
        app.AddPoet(o => o.StorePath = store);
        await using var container = app.Build();
        var feedback = Autofac.ResolutionExtensions.Resolve<IPoetFeedback>(container);

        var import = Task.Run(() => CliRun.Local(store, "import", file, "--batch-size", "20", "--json"));
        var outcomes = new List<FeedbackOutcome>();
        foreach (var id in live)
        {
            outcomes.Add(await feedback.FeedbackAsync(id, "missed the outage"));
        }

        var result = await import;
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Json().GetProperty("applied").GetInt64(), Is.EqualTo(200));
        Assert.That(outcomes.All(o => !o.AlreadyApplied), Is.True);
        Assert.That(FeedbackFiles.FeedbackRecordCount(store), Is.EqualTo(260));
        await using var opened = PoetFileStore.Open(new PoetOptions { StorePath = store });
        var versions = opened.Functions.GetVersions(StoreSeed.FunctionId);
        Assert.That(versions, Is.EqualTo(Enumerable.Range(1, versions.Count)), "version numbers are contiguous: none written twice, none lost");
        var listed = versions.SelectMany(v => opened.Functions.GetVersion(StoreSeed.FunctionId, v)!.Reason.FeedbackIds).ToList();
        Assert.That(listed, Is.Unique, "no feedback was applied twice");
        var again = await CliRun.Local(store, "import", file, "--json");
        Assert.That(again.Json().GetProperty("alreadyApplied").GetInt64(), Is.EqualTo(200));
    }
}
