using System.CommandLine;
using Poet.Cli.Output;

namespace Poet.Cli.Commands;

/// <summary><c>poet feedback EXECUTION_ID FEEDBACK</c>: feedback on one execution.</summary>
internal static class FeedbackCommand
{
    public static Command Create(CliRunner runner)
    {
        var execution = ExecutionArgument();
        var feedback = new Argument<string>("FEEDBACK") { Description = "Text (\"false alarm\"), a number (4) or JSON ('{\"rating\": 2}')." };
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "Names this feedback so that running the command again applies it once (default: derived from the execution id and the feedback).",
            HelpName = "KEY",
        };
        var command = new Command("feedback", """
            Sends feedback on one execution; POET translates it and may write a new version. Running the same command
            again applies nothing twice.

            Examples:
              poet feedback 01JD0Q3V6ZK8X9W2A4B5C6D7E8 "false alarm, that dip was seasonal"
              poet feedback 01JD0Q3V6ZK8X9W2A4B5C6D7E8 4 --json
              poet feedback 01JD0Q3V6ZK8X9W2A4B5C6D7E8 '{"label": "incident"}' --idempotency-key TICKET-4711
            """)
        { execution, feedback, key };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (backend, output, token) =>
        {
            var outcome = await backend.FeedbackAsync(
                parse.GetValue(execution), FeedbackPayload.Parse(parse.GetValue(feedback)),
                new FeedbackOptions { IdempotencyKey = parse.GetValue(key) }, token).ConfigureAwait(false);
            if (output.Json)
            {
                output.WriteJson(FeedbackResult.From(outcome));
                return ExitCodes.Ok;
            }

            var what = outcome.AlreadyApplied ? "already applied (nothing applied again)" : $"{outcome.Signal.Verdict} ({outcome.Signal.Translator})";
            output.Line($"{outcome.FunctionId} / {outcome.ExecutionId}: {what}");
            output.Line(outcome.NewVersion is { } v
                ? $"v{v}: {string.Join(", ", outcome.Changes.Select(c => $"{c.Name} {CliOutput.Number(c.OldValue)} -> {CliOutput.Number(c.NewValue)}"))}"
                : $"no new version: {outcome.Signal.Rationale}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>The <c>EXECUTION_ID</c> argument, checked when parsed.</summary>
    /// <returns>The argument.</returns>
    public static Argument<ExecutionId> ExecutionArgument()
    {
        var argument = new Argument<ExecutionId>("EXECUTION_ID") { Description = "The execution's id (26 characters, as a POET call returned it)." };
        argument.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (ExecutionId.TryParse(text.Trim(), out var id))
            {
                return id;
            }

            result.AddError($"EXECUTION_ID '{text}' is not a POET execution id: expected {ExecutionId.Length} characters of Crockford base32, as 'poet executions' lists them.");
            return default;
        };
        return argument;
    }
}

/// <summary>The <c>--json</c> shape of <c>poet feedback</c>.</summary>
/// <param name="ExecutionId">The execution.</param>
/// <param name="FunctionId">Its function.</param>
/// <param name="FeedbackId">The feedback's id.</param>
/// <param name="AlreadyApplied">Whether it had been applied before.</param>
/// <param name="Verdict">The translated verdict.</param>
/// <param name="Rationale">Why.</param>
/// <param name="NewVersion">The version written, or null.</param>
/// <param name="Changes">The changes.</param>
internal sealed record FeedbackResult(string ExecutionId, string FunctionId, string? FeedbackId, bool AlreadyApplied, FeedbackVerdict Verdict,
    string Rationale, int? NewVersion, IReadOnlyList<ParameterChange> Changes)
{
    /// <summary>Maps an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The result.</returns>
    public static FeedbackResult From(FeedbackOutcome outcome) => new(outcome.ExecutionId.Value, outcome.FunctionId, outcome.FeedbackId,
        outcome.AlreadyApplied, outcome.Signal.Verdict, outcome.Signal.Rationale, outcome.NewVersion, outcome.Changes);
}
