using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Poet.Cli.Output;

/// <summary>Writes a command's result: JSON with <c>--json</c> (stable shapes, see the README), tables otherwise.</summary>
internal sealed class CliOutput
{
    private readonly CliContext _context;

    /// <summary>Creates the output.</summary>
    /// <param name="context">The console.</param>
    /// <param name="json">Whether <c>--json</c> was given.</param>
    public CliOutput(CliContext context, bool json)
    {
        _context = context;
        Json = json;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Output),
            Ansi = context.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = context.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = context.Interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        Console.Profile.Width = Math.Max(Console.Profile.Width, 120);
    }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>The console for tables and progress.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Whether a progress bar may be drawn (a terminal, not <c>--json</c>).</summary>
    public bool ShowsProgress => _context.Interactive && !Json;

    /// <summary>Writes a value as JSON (the <c>--json</c> shape).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    public void WriteJson<T>(T value) => _context.Output.WriteLine(JsonSerializer.Serialize(value, CliJson.Options));

    /// <summary>Writes text exactly as given (JSON built elsewhere), never wrapped.</summary>
    /// <param name="text">The text.</param>
    public void Raw(string text) => _context.Output.WriteLine(text);

    /// <summary>Writes a line of text (not markup).</summary>
    /// <param name="text">The text.</param>
    public void Line(string text) => Console.WriteLine(text);

    /// <summary>Writes a table.</summary>
    /// <param name="table">The table.</param>
    public void Write(Table table) => Console.Write(table);

    /// <summary>Learned values as <c>name=value</c> pairs.</summary>
    /// <param name="parameters">The values.</param>
    /// <returns>The text.</returns>
    public static string Values(IReadOnlyDictionary<string, double> parameters) =>
        parameters.Count == 0 ? "-" : string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Number(p.Value)}"));

    /// <summary>A number as people read it.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for a table cell.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string Cell(string? text) => Markup.Escape(text ?? string.Empty);
}
