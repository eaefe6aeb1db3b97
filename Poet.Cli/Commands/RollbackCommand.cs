using System.CommandLine;

namespace Poet.Cli.Commands;

/// <summary><c>poet rollback FUNCTION VERSION</c>: makes an older version current again.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliRunner runner)
    {
        var function = new Argument<string>("FUNCTION") { Description = "The function id." };
        var version = new Argument<int>("VERSION") { Description = "The version to make current (a number, as 'poet show' lists it; 'v3' works too)." };
        version.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.TrimStart('v', 'V') : string.Empty;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                return n;
            }

            result.AddError($"VERSION '{(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty)}' is not a version number; give one 'poet show FUNCTION' lists, such as 2.");
            return 0;
        };
        var command = new Command("rollback", """
            Makes an older version of a function current again (the rollback is recorded; no version is deleted).

            Examples:
              poet rollback IDriftDetector.Detect 2
              poet rollback IDriftDetector.Detect v1 --service http://localhost:8080
            """)
        { function, version };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (backend, output, token) =>
        {
            var id = parse.GetValue(function)!;
            var target = parse.GetValue(version);
            await backend.RollbackAsync(id, target, token).ConfigureAwait(false);
            if (output.Json)
            {
                output.WriteJson(new { functionId = id, currentVersion = target });
            }
            else
            {
                output.Line($"{id}: v{target} is current.");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
