using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Poet.Cli.Commands;

/// <summary>Parses <c>--since</c>: an ISO 8601 time, or an age such as <c>30m</c>, <c>12h</c>, <c>7d</c>.</summary>
internal static class TimeArgument
{
    /// <summary>Creates the <c>--since</c> option.</summary>
    /// <param name="now">The clock.</param>
    /// <returns>The option.</returns>
    public static Option<DateTimeOffset?> Since(Func<DateTimeOffset> now) => new("--since")
    {
        Description = "Only executions started at or after T: ISO 8601 (2026-11-29T08:00:00Z) or an age (30m, 12h, 7d).",
        HelpName = "T",
        CustomParser = result => Parse(result, now()),
    };

    private static DateTimeOffset? Parse(ArgumentResult result, DateTimeOffset now)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? age = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (age is { } a)
            {
                return now - a;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        result.AddError($"--since '{text}' is neither a time (2026-11-29T08:00:00Z) nor an age (30m, 12h, 7d).");
        return null;
    }
}
