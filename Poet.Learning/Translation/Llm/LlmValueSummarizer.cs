using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Poet;

/// <summary>
/// Turns argument and result values into compact, redacted JSON for a prompt: long numeric series become
/// count/min/max/mean plus a few leading and trailing values, long lists and strings are cut, deep objects are
/// flattened to their type name, and every string passes through the redactor.
/// </summary>
internal sealed class LlmValueSummarizer
{
    private const int MaxListedItems = 16;
    private const int HeadItems = 5;
    private const int TailItems = 3;
    private const int MaxStringChars = 400;
    private const int MaxDepth = 4;
    private const int MaxProperties = 24;
    private const int MaxCountedItems = 1_000_000;

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        MaxDepth = 32,
    };

    private readonly LlmRedactor _redactor;

    /// <summary>Creates the summarizer.</summary>
    /// <param name="redactor">Redacts every string.</param>
    public LlmValueSummarizer(LlmRedactor redactor) => _redactor = redactor;

    /// <summary>Summarizes one value (an in-memory object or a <see cref="JsonElement"/> read back from the log).</summary>
    /// <param name="value">The value.</param>
    /// <returns>A compact JSON node (null for null).</returns>
    public JsonNode? Summarize(object? value) => Summarize(value, 0);

    /// <summary>Redacts and shortens one string.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxChars">The longest text kept.</param>
    /// <returns>The redacted, possibly truncated text.</returns>
    public string Text(string text, int maxChars = MaxStringChars)
    {
        var redacted = _redactor.Redact(text);
        return redacted.Length <= maxChars
            ? redacted
            : string.Create(CultureInfo.InvariantCulture, $"{redacted.AsSpan(0, maxChars)}... ({redacted.Length} chars)");
    }

    private JsonNode? Summarize(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonElement element:
                return FromElement(element, depth);
            case JsonNode node:
                return FromElement(JsonSerializer.SerializeToElement(node), depth);
            case string s:
                return JsonValue.Create(Text(s));
            case bool b:
                return JsonValue.Create(b);
            case char c:
                return JsonValue.Create(Text(c.ToString()));
            case Enum e:
                return JsonValue.Create(e.ToString());
            case DateTime or DateTimeOffset or TimeSpan or Guid:
                return JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        if (TryNumber(value, out var number))
        {
            return NumberNode(number);
        }

        if (value is IEnumerable sequence and not IDictionary)
        {
            return FromSequence(sequence, depth);
        }

        if (depth >= MaxDepth)
        {
            return JsonValue.Create($"<{value.GetType().Name}>");
        }

        try
        {
            return FromElement(JsonSerializer.SerializeToElement(value, value.GetType(), SerializerOptions), depth);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return JsonValue.Create(Text($"<{value.GetType().Name}> {value}"));
        }
    }

    private JsonNode FromSequence(IEnumerable sequence, int depth)
    {
        var numbers = new List<double>();
        var items = new List<object?>();
        var count = 0;
        var allNumbers = true;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        var finite = 0;
        var tail = new Queue<object?>();
        foreach (var item in sequence)
        {
            if (count >= MaxCountedItems)
            {
                break;
            }

            count++;
            if (allNumbers && TryNumber(item, out var x))
            {
                if (double.IsFinite(x))
                {
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                    sum += x;
                    finite++;
                }

                if (numbers.Count < MaxListedItems)
                {
                    numbers.Add(x);
                }
            }
            else
            {
                allNumbers = false;
            }

            if (items.Count < MaxListedItems)
            {
                items.Add(item);
            }

            tail.Enqueue(item);
            if (tail.Count > TailItems)
            {
                tail.Dequeue();
            }
        }

        if (count <= MaxListedItems)
        {
            return new JsonArray([.. items.Select(i => Summarize(i, depth + 1))]);
        }

        var summary = new JsonObject { ["count"] = count };
        if (allNumbers)
        {
            summary["min"] = finite > 0 ? NumberNode(min) : null;
            summary["max"] = finite > 0 ? NumberNode(max) : null;
            summary["mean"] = finite > 0 ? NumberNode(sum / finite) : null;
            summary["first"] = new JsonArray([.. numbers.Take(HeadItems).Select(n => (JsonNode?)NumberNode(n))]);
            summary["last"] = new JsonArray([.. tail.Select(n => (JsonNode?)NumberNode(Convert.ToDouble(n, CultureInfo.InvariantCulture)))]);
        }
        else
        {
            summary["first"] = new JsonArray([.. items.Take(HeadItems).Select(i => Summarize(i, depth + 1))]);
        }

        return summary;
    }

    private JsonNode? FromElement(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return JsonValue.Create(Text(element.GetString() ?? string.Empty));
            case JsonValueKind.Number:
                return element.TryGetDouble(out var d) ? NumberNode(d) : JsonValue.Create(element.GetRawText());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.Array:
                return FromSequence(element.EnumerateArray().Select(ElementItem), depth);
            case JsonValueKind.Object when depth >= MaxDepth:
                return JsonValue.Create("<object>");
            case JsonValueKind.Object:
                var obj = new JsonObject();
                var properties = 0;
                foreach (var property in element.EnumerateObject())
                {
                    if (++properties > MaxProperties)
                    {
                        obj["..."] = "more properties omitted";
                        break;
                    }

                    obj[Text(property.Name, 80)] = FromElement(property.Value, depth + 1);
                }

                return obj;
            default:
                return null;
        }
    }

    private static object? ElementItem(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var d) ? d : element;

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case float f: number = f; return true;
            case int i: number = i; return true;
            case long l: number = l; return true;
            case decimal m: number = (double)m; return true;
            case short s: number = s; return true;
            case byte b: number = b; return true;
            case sbyte sb: number = sb; return true;
            case ushort us: number = us; return true;
            case uint ui: number = ui; return true;
            case ulong ul: number = ul; return true;
            case Half h: number = (double)h; return true;
            default: number = 0; return false;
        }
    }

    private static JsonValue NumberNode(double value) =>
        double.IsFinite(value)
            ? JsonValue.Create(Math.Round(value, 6))
            : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));
}
