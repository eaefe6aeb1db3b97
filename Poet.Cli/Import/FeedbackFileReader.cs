using System.Text.Json;
using Microsoft.VisualBasic.FileIO;

namespace Poet.Cli.Import;

/// <summary>
/// Reads a delayed-feedback file row by row: CSV with the header <c>execution_id,feedback</c> (optional
/// <c>feedback_id</c>, <c>received_at</c>; other columns are ignored) or JSON lines with the same fields. A bad row
/// becomes an <see cref="ImportRow"/> with its line number and the reason; it never stops the rest.
/// </summary>
internal static class FeedbackFileReader
{
    /// <summary>The columns a file may have.</summary>
    public static readonly string[] Columns = ["execution_id", "feedback", "feedback_id", "received_at"];

    /// <summary>Whether a file is JSON lines (by extension, else by its first character).</summary>
    /// <param name="path">The file.</param>
    /// <returns><see langword="true"/> for JSON lines.</returns>
    public static bool IsJsonLines(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".jsonl" or ".ndjson" or ".json")
        {
            return true;
        }

        if (extension is ".csv" or ".txt")
        {
            return false;
        }

        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
        {
        }

        return c == '{';
    }

    /// <summary>Reads the rows of a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="CliException">The file cannot be read, or its CSV header lacks a required column (exit code 1).</exception>
    public static IEnumerable<ImportRow> Read(string path) => IsJsonLines(path) ? ReadJsonLines(path) : ReadCsv(path);

    private static IEnumerable<ImportRow> ReadCsv(string path)
    {
        using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? throw CliException.Usage($"'{path}' is empty: a CSV needs the header execution_id,feedback[,feedback_id,received_at].");
        var index = Columns.ToDictionary(c => c, c => Array.FindIndex(header, h => string.Equals(h.Trim().TrimStart('\uFEFF'), c, StringComparison.OrdinalIgnoreCase)));
        if (index["execution_id"] < 0 || index["feedback"] < 0)
        {
            throw CliException.Usage(
                $"'{path}' line 1: the header '{string.Join(",", header)}' lacks {(index["execution_id"] < 0 ? "execution_id" : "feedback")}; " +
                "a CSV needs the header execution_id,feedback (optional feedback_id, received_at).");
        }

        while (!parser.EndOfData)
        {
            var line = parser.LineNumber;
            string[]? fields;
            try
            {
                fields = parser.ReadFields();
            }
            catch (MalformedLineException ex)
            {
                fields = null;
                line = ex.LineNumber;
            }

            if (fields is null)
            {
                yield return ImportRow.Bad(line, "the line is not valid CSV (an unclosed quote?); quote fields with commas as \"...\" and double inner quotes.");
                continue;
            }

            if (fields.Length == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue;
            }

            if (fields.Length < header.Length)
            {
                yield return ImportRow.Bad(line, $"the row has {fields.Length} fields, the header {header.Length}; quote feedback with commas as \"...\".");
                continue;
            }

            yield return ImportFields.Row(line, Field(fields, index["execution_id"]), FeedbackPayload.Parse(Field(fields, index["feedback"])),
                Field(fields, index["feedback_id"]), Field(fields, index["received_at"]));
        }
    }

    private static string? Field(string[] fields, int index) => index >= 0 && index < fields.Length ? fields[index] : null;

    private static IEnumerable<ImportRow> ReadJsonLines(string path)
    {
        long line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return ParseJsonLine(line, text);
        }
    }

    private static ImportRow ParseJsonLine(long line, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ImportRow.Bad(line, "each line must be a JSON object such as {\"execution_id\": \"01J...\", \"feedback\": \"false alarm\"}.");
            }

            var feedback = Get(root, "feedback") is { } f && f.ValueKind != JsonValueKind.Null ? (object?)f.Clone() : null;
            if (feedback is JsonElement { ValueKind: JsonValueKind.String } s)
            {
                feedback = s.GetString();
            }

            return ImportFields.Row(line, Text(Get(root, "execution_id")), feedback, Text(Get(root, "feedback_id")), Text(Get(root, "received_at")));
        }
        catch (JsonException ex)
        {
            return ImportRow.Bad(line, $"the line is not valid JSON: {ex.Message}");
        }
    }

    private static JsonElement? Get(JsonElement root, string snake)
    {
        var camel = string.Concat(snake.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, snake, StringComparison.OrdinalIgnoreCase) || string.Equals(property.Name, camel, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Null } => null,
        { } v => v.GetRawText(),
    };
}
