using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Poet.Feedback;

/// <summary>
/// Reduces any feedback payload to <see cref="NormalizedFeedback"/> (text, rating on 0..1, label, scalar fields);
/// never throws. Ratings: integral numbers 1-5 are a 1-5 scale (1 = worst), fractions within [0, 1] a 0-1 scale,
/// 0 is the worst, 6-10 a 0-10 scale, 11-100 a percentage; an object's <c>max</c>/<c>outOf</c>/<c>scale</c> field
/// overrides the guess. Booleans are labels (<c>true</c> = correct). Text longer than
/// <see cref="MaxTextChars"/> is cut for analysis (the raw payload is stored separately).
/// </summary>
internal static class FeedbackNormalizer
{
    /// <summary>The longest text kept in the normalized record.</summary>
    public const int MaxTextChars = 16_384;

    private const int MaxFields = 64;
    private const int MaxFieldChars = 512;
    private const int MaxItems = 100;
    private const int MaxDepth = 8;

    private static readonly HashSet<string> TextKeys = new(StringComparer.Ordinal)
    {
        "text", "comment", "comments", "message", "msg", "feedback", "note", "notes", "reason", "description", "explanation",
        "details", "detail", "remark", "remarks", "body", "content", "summary", "why", "opinion", "review",
    };

    private static readonly HashSet<string> RatingKeys = new(StringComparer.Ordinal)
    {
        "rating", "score", "stars", "grade", "rate", "satisfaction", "nps", "vote", "points", "value",
    };

    private static readonly HashSet<string> ScaleKeys = new(StringComparer.Ordinal) { "max", "outof", "scale", "maxrating", "of", "best" };

    private static readonly HashSet<string> LabelKeys = new(StringComparer.Ordinal)
    {
        "label", "verdict", "outcome", "classification", "class", "category", "judgement", "judgment", "kind", "type", "tag", "status",
    };

    /// <summary>Normalizes a payload.</summary>
    /// <param name="payload">Anything.</param>
    /// <returns>The normalized form.</returns>
    public static NormalizedFeedback Normalize(object? payload)
    {
        try
        {
            var builder = new Builder();
            var kind = Visit(payload, builder, 0);
            return builder.Build(kind);
        }
        catch (Exception ex)
        {
            // Last resort: a payload whose members throw. Keep what ToString says.
            string? text = null;
            try
            {
                text = payload?.ToString();
            }
            catch (Exception)
            {
                // ignored: nothing readable
            }

            return new NormalizedFeedback
            {
                Kind = "unreadable",
                Text = text is null ? null : Text.Clean(text, MaxTextChars),
                Fields = new Dictionary<string, string> { ["$error"] = Text.Clean(ex.Message, MaxFieldChars) },
            };
        }
    }

    private static string Visit(object? payload, Builder builder, int depth)
    {
        switch (payload)
        {
            case null:
                return "null";
            case string text:
                return VisitString(text, builder, depth);
            case char c:
                builder.AddText(c.ToString());
                return "text";
            case bool flag:
                builder.Label ??= flag ? "correct" : "incorrect";
                return "boolean";
            case JsonElement element:
                return VisitJson(element, builder, depth);
            case JsonDocument document:
                return VisitJson(document.RootElement, builder, depth);
            case JsonNode node:
                return VisitJsonText(node.ToJsonString(), builder, depth);
            case Exception exception:
                builder.AddText(ExceptionText(exception));
                builder.Label ??= "error";
                builder.AddField("exception", exception.GetType().FullName ?? exception.GetType().Name);
                return "exception";
            case DateTime or DateTimeOffset or DateOnly or TimeOnly:
                builder.AddField("date", ((IFormattable)payload).ToString("O", CultureInfo.InvariantCulture));
                return "date";
            case TimeSpan span:
                builder.AddField("duration", span.ToString("c", CultureInfo.InvariantCulture));
                return "duration";
            case Guid guid:
                builder.AddField("guid", guid.ToString("D"));
                return "guid";
            case Uri uri:
                builder.AddField("uri", uri.ToString());
                return "uri";
            case Enum value:
                builder.Label ??= value.ToString();
                return "enum";
            case byte[] bytes:
                builder.AddField("bytes", bytes.Length.ToString(CultureInfo.InvariantCulture));
                return "binary";
            case ExecutionId id:
                builder.AddField("executionId", id.Value);
                return "id";
            case Task or ValueTask:
                builder.AddField("task", payload.GetType().Name); // never awaited or blocked on: pass the result instead
                return "task";
        }

        if (RawFeedback.IsValueTaskOfT(payload.GetType()))
        {
            builder.AddField("task", payload.GetType().Name);
            return "task";
        }

        if (IsNumber(payload, out var number))
        {
            builder.SetRating(number, null);
            if (builder.Rating is null)
            {
                builder.AddField("number", number.ToString(CultureInfo.InvariantCulture));
            }

            return "number";
        }

        if (Newtonsoft.IsToken(payload))
        {
            VisitJsonText(Newtonsoft.ToJson(payload), builder, depth);
            return "json";
        }

        if (depth >= MaxDepth)
        {
            return "object";
        }

        switch (payload)
        {
            case IDictionary dictionary:
                VisitPairs(EnumerateDictionary(dictionary), builder, depth);
                return "dictionary";
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                VisitPairs(pairs.Take(MaxFields * 2).Select(p => (p.Key, p.Value)), builder, depth);
                return "dictionary";
            case IEnumerable sequence:
                foreach (var item in sequence.Cast<object?>().Take(MaxItems)) // an endless sequence stops here
                {
                    Visit(item, builder, depth + 1);
                }

                return "array";
        }

        // Anonymous objects, records, POCOs: read them as bounded JSON (nesting, cycles, odd members, tasks and
        // endless sequences in properties all end in markers).
        string json;
        try
        {
            json = BoundedJson.Write(payload, MaxTextChars, out _);
        }
        catch (Exception)
        {
            builder.AddText(payload.ToString() ?? string.Empty);
            return "object";
        }

        VisitJsonText(json, builder, depth);
        return "object";
    }

    private static string VisitString(string text, Builder builder, int depth)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return "text";
        }

        if (depth < MaxDepth && trimmed.Length >= 2 && (trimmed[0] is '{' or '[' || (trimmed[0] == '"' && trimmed[^1] == '"')))
        {
            var kind = VisitJsonText(trimmed.ToString(), builder, depth);
            if (kind == "json")
            {
                return "json";
            }
        }

        if (trimmed.Length <= 12 && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            builder.SetRating(number, null);
            return "text";
        }

        builder.AddText(text);
        return "text";
    }

    private static string VisitJsonText(string json, Builder builder, int depth)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            VisitJson(document.RootElement, builder, depth);
            return "json";
        }
        catch (JsonException)
        {
            builder.AddText(json); // "{ not json" is still text someone wrote
            return "text";
        }
    }

    private static string VisitJson(JsonElement element, Builder builder, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return VisitString(element.GetString() ?? string.Empty, builder, depth + 1);
            case JsonValueKind.Number:
                if (element.TryGetDouble(out var number))
                {
                    builder.SetRating(number, null);
                }

                return "number";
            case JsonValueKind.True:
            case JsonValueKind.False:
                builder.Label ??= element.ValueKind == JsonValueKind.True ? "correct" : "incorrect";
                return "boolean";
            case JsonValueKind.Array:
                if (depth < MaxDepth)
                {
                    foreach (var item in element.EnumerateArray().Take(MaxItems))
                    {
                        VisitJson(item, builder, depth + 1);
                    }
                }

                return "array";
            case JsonValueKind.Object:
                if (depth < MaxDepth)
                {
                    VisitPairs(element.EnumerateObject().Take(MaxFields * 2).Select(p => (p.Name, (object?)p.Value)), builder, depth);
                }

                return "object";
            default:
                return "null";
        }
    }

    private static void VisitPairs(IEnumerable<(string Key, object? Value)> pairs, Builder builder, int depth)
    {
        var list = pairs.ToList();
        double? scale = null;
        foreach (var (key, value) in list)
        {
            if (ScaleKeys.Contains(Key(key)) && TryNumber(value, out var max) && max > 0)
            {
                scale = max;
            }
        }

        foreach (var (rawKey, value) in list)
        {
            var key = Key(rawKey);
            if (ScaleKeys.Contains(key))
            {
                continue;
            }

            if (TextKeys.Contains(key) && TryString(value, out var text))
            {
                if (LooksStructured(text))
                {
                    Visit(text, builder, depth + 1);
                }
                else
                {
                    builder.AddText(text);
                }

                continue;
            }

            if (RatingKeys.Contains(key))
            {
                if (TryNumber(value, out var number))
                {
                    builder.SetRating(number, scale);
                    continue;
                }

                if (TryString(value, out var ratingText))
                {
                    builder.AddText(ratingText); // "4/5", "thumbs up": the translator reads ratings in text
                    continue;
                }
            }

            if (LabelKeys.Contains(key) && TryString(value, out var label))
            {
                builder.Label ??= Text.Clean(label, 128);
                continue;
            }

            if (TryBool(value, out var flag))
            {
                builder.AddField(rawKey, flag ? "true" : "false");
                continue;
            }

            switch (value)
            {
                case null:
                    break;
                case JsonElement { ValueKind: JsonValueKind.Object or JsonValueKind.Array } nested:
                    VisitJson(nested, builder, depth + 1);
                    break;
                case JsonElement or string:
                    if (TryString(value, out var scalar))
                    {
                        builder.AddField(rawKey, scalar);
                    }

                    break;
                case IEnumerable:
                    Visit(value, builder, depth + 1);
                    break;
                default:
                    if (value.GetType().IsPrimitive || value is decimal or DateTime or DateTimeOffset or Guid or TimeSpan or Enum or Uri or DateOnly or TimeOnly)
                    {
                        builder.AddField(rawKey, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                    }
                    else
                    {
                        Visit(value, builder, depth + 1); // a nested object: { feedback = new { text = ... } }
                    }

                    break;
            }
        }
    }

    /// <summary>Scales a number to a 0..1 rating; null for numbers that are not ratings (NaN, negative beyond -1, huge).</summary>
    /// <param name="value">The number.</param>
    /// <param name="scale">The declared maximum, if any.</param>
    /// <returns>The rating.</returns>
    internal static double? ScaleRating(double value, double? scale)
    {
        if (!double.IsFinite(value))
        {
            return null;
        }

        if (scale is { } max && double.IsFinite(max) && max > 0)
        {
            var min = max is 5 or 3 or 4 && value >= 1 ? 1 : 0; // "3 of 5 stars" scales start at 1
            return Math.Clamp((value - min) / (max - min), 0, 1);
        }

        var integral = Math.Abs(value - Math.Round(value)) < 1e-9;
        return value switch
        {
            < -1 => null,
            < 0 => 0, // -1 = thumbs down
            0 => 0,
            _ when integral && value >= 1 && value <= 5 => (value - 1) / 4, // 1..5 stars (a tiny positive number is not "1 star")
            < 1 => value,
            <= 10 => value / 10,
            <= 100 => value / 100,
            _ => null,
        };
    }

    private static bool LooksStructured(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 2 && trimmed[0] is '{' or '[';
    }

    private static string Key(string key)
    {
        Span<char> buffer = key.Length <= 64 ? stackalloc char[key.Length] : new char[key.Length];
        var n = 0;
        foreach (var c in key)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    private static bool IsNumber(object value, out double number)
    {
        switch (value)
        {
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or Half or Int128 or UInt128:
                try
                {
                    number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                }
                catch (Exception)
                {
                    number = value is Half half ? (double)half : double.NaN;
                }

                return true;
            default:
                number = 0;
                return false;
        }
    }

    private static bool TryNumber(object? value, out double number)
    {
        number = 0;
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } json => json.TryGetDouble(out number),
            JsonElement { ValueKind: JsonValueKind.String } json => double.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            string text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            not null => IsNumber(value, out number),
            _ => false,
        };
    }

    private static bool TryBool(object? value, out bool flag)
    {
        switch (value)
        {
            case bool b:
                flag = b;
                return true;
            case JsonElement { ValueKind: JsonValueKind.True }:
                flag = true;
                return true;
            case JsonElement { ValueKind: JsonValueKind.False }:
                flag = false;
                return true;
            default:
                flag = false;
                return false;
        }
    }

    private static bool TryString(object? value, out string text)
    {
        switch (value)
        {
            case string s:
                text = s;
                return true;
            case JsonElement { ValueKind: JsonValueKind.String } json:
                text = json.GetString() ?? string.Empty;
                return true;
            case JsonElement { ValueKind: JsonValueKind.Number } json:
                text = json.GetRawText();
                return true;
            case null or JsonElement or IEnumerable:
                text = string.Empty;
                return false;
            default:
                text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                return true;
        }
    }

    private static IEnumerable<(string, object?)> EnumerateDictionary(IDictionary dictionary)
    {
        var n = 0;
        foreach (DictionaryEntry entry in dictionary)
        {
            if (n++ >= MaxFields * 2)
            {
                yield break;
            }

            yield return (Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
        }
    }

    private static string ExceptionText(Exception exception)
    {
        var text = new StringBuilder();
        for (var (e, depth) = (exception, 0); e is not null && depth < 8; (e, depth) = (e.InnerException, depth + 1))
        {
            if (text.Length > 0)
            {
                text.Append(". ");
            }

            text.Append(e.Message);
        }

        return text.ToString();
    }

    private sealed class Builder
    {
        private readonly StringBuilder _text = new();
        private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

        public double? Rating { get; set; }

        public string? RatingText { get; private set; }

        public string? Label { get; set; }

        /// <summary>Takes the first number that is a rating, and keeps it as given for messages ("1/5", not "0").</summary>
        public void SetRating(double number, double? scale)
        {
            if (Rating is not null)
            {
                return;
            }

            Rating = ScaleRating(number, scale);
            if (Rating is null)
            {
                return;
            }

            var shown = number.ToString("0.##", CultureInfo.InvariantCulture);
            var integral = Math.Abs(number - Math.Round(number)) < 1e-9;
            RatingText = scale is { } max && double.IsFinite(max) && max > 0 ? $"{shown}/{max.ToString("0.##", CultureInfo.InvariantCulture)}"
                : integral && number is >= 1 and <= 5 ? $"{shown}/5"
                : number is > 0 and < 1 ? $"{shown} of 1"
                : shown;
        }

        public void AddText(string text)
        {
            if (string.IsNullOrWhiteSpace(text) || _text.Length >= MaxTextChars)
            {
                return;
            }

            if (_text.Length > 0)
            {
                _text.Append(". ");
            }

            _text.Append(Text.Clean(text, MaxTextChars - _text.Length));
        }

        public void AddField(string key, string value)
        {
            if (_fields.Count < MaxFields && !string.IsNullOrEmpty(key))
            {
                _fields.TryAdd(Text.Clean(key, 128), Text.Clean(value, MaxFieldChars));
            }
        }

        public NormalizedFeedback Build(string kind) => new()
        {
            Kind = kind,
            Text = _text.Length == 0 ? null : _text.ToString().Trim(),
            Rating = Rating,
            RatingText = RatingText,
            Label = string.IsNullOrWhiteSpace(Label) ? null : Label.Trim(),
            Fields = _fields,
        };
    }
}
