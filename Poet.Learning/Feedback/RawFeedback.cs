using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Poet.Feedback;

/// <summary>A payload serialized for storage.</summary>
/// <param name="Json">The payload as JSON (a JSON string with a marker when truncated).</param>
/// <param name="Truncated">Whether the payload was longer than the limit.</param>
/// <param name="Size">The full payload's size as JSON, in characters.</param>
/// <param name="Why">What was cut or replaced and which bound applied (null when nothing was).</param>
internal readonly record struct RawFeedback(string Json, bool Truncated, long Size, string? Why = null)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        MaxDepth = 64,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IncludeFields = true,
    };

    /// <summary>Serializes any payload verbatim as JSON; never throws.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="maxChars">The longest JSON stored; longer payloads are truncated with a marker.</param>
    /// <returns>The stored form.</returns>
    public static RawFeedback From(object? payload, int maxChars)
    {
        string json;
        string? why = null;
        try
        {
            json = Serialize(payload, maxChars, out why);
        }
        catch (Exception ex)
        {
            json = payload is string text ? JsonSerializer.Serialize(Text.Clean(text, int.MaxValue), Options) : Fallback(payload, ex);
        }

        maxChars = Math.Max(maxChars, 64);
        if (json.Length <= maxChars)
        {
            return new RawFeedback(json, why is not null, json.Length, why);
        }

        var head = json[..maxChars];
        if (char.IsHighSurrogate(head[^1]))
        {
            head = head[..^1];
        }

        var marker = $"\u2026[truncated by POET: {json.Length} characters of JSON, first {head.Length} kept]";
        return new RawFeedback(JsonSerializer.Serialize(head + marker, Options), true, json.Length,
            $"The payload's JSON has {json.Length} characters, more than MaxStoredFeedbackChars ({maxChars}): the first {head.Length} are kept as text." +
            (why is null ? string.Empty : " " + why));
    }

    /// <summary>A payload read from a task or with a getter that did not return in time: a marker, and why.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="limit">How long reading may take.</param>
    /// <returns>The stored form.</returns>
    public static RawFeedback TimedOut(object? payload, TimeSpan limit)
    {
        var json = JsonSerializer.Serialize(
            new Dictionary<string, string?> { ["$poet"] = "timeout", ["type"] = payload?.GetType().FullName },
            Options);
        return new RawFeedback(json, true, json.Length,
            $"Reading the payload took longer than {limit.TotalSeconds:0.#} s (a getter or an enumerator that does not return): it was abandoned.");
    }

    private static string Serialize(object? payload, int maxChars, out string? why)
    {
        why = null;
        return payload switch
        {
            Task or ValueTask => TaskMarker(payload, out why),
            not null when IsValueTaskOfT(payload.GetType()) => TaskMarker(payload, out why),
            _ => SerializeData(payload, maxChars, ref why),
        };
    }

    private static string TaskMarker(object task, out string? why)
    {
        why = "The payload is a task: POET never awaits or blocks on a feedback payload; pass the task's result instead.";
        return JsonSerializer.Serialize(new Dictionary<string, string?> { ["$poet"] = "task", ["type"] = task.GetType().FullName }, Options);
    }

    /// <summary>Whether <paramref name="type"/> is a <see cref="ValueTask{TResult}"/>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>True for <c>ValueTask&lt;T&gt;</c>.</returns>
    internal static bool IsValueTaskOfT(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>);

    private static string SerializeData(object? payload, int maxChars, ref string? why) => payload switch
    {
        null => "null",
        string text => JsonSerializer.Serialize(text, Options),
        JsonElement element => element.ValueKind == JsonValueKind.Undefined ? "null" : element.GetRawText(),
        JsonDocument document => document.RootElement.GetRawText(),
        JsonNode node => node.ToJsonString(Options),
        Exception exception => JsonSerializer.Serialize(Describe(exception, 0), Options),
        Type type => JsonSerializer.Serialize(type.FullName, Options),
        Delegate or Stream or IntPtr or UIntPtr => JsonSerializer.Serialize(payload.ToString(), Options),
        byte[] bytes => JsonSerializer.Serialize(Convert.ToBase64String(bytes), Options),
        _ when Newtonsoft.IsToken(payload) => Newtonsoft.ToJson(payload),
        _ => BoundedJson.Write(payload, maxChars, out why),
    };

    private static Dictionary<string, object?> Describe(Exception exception, int depth)
    {
        var described = new Dictionary<string, object?>
        {
            ["$type"] = exception.GetType().FullName,
            ["message"] = exception.Message,
            ["stackTrace"] = exception.StackTrace,
        };
        if (exception.InnerException is not null && depth < 8)
        {
            described["inner"] = Describe(exception.InnerException, depth + 1);
        }

        if (exception.Data.Count > 0)
        {
            var data = new Dictionary<string, string?>();
            foreach (DictionaryEntry entry in exception.Data)
            {
                data[entry.Key.ToString() ?? string.Empty] = entry.Value?.ToString();
            }

            described["data"] = data;
        }

        return described;
    }

    private static string Fallback(object? payload, Exception error)
    {
        string? text;
        try
        {
            text = payload?.ToString();
        }
        catch (Exception)
        {
            text = null;
        }

        var fallback = new Dictionary<string, string?>
        {
            ["$type"] = payload?.GetType().FullName,
            ["$text"] = text is null ? null : Text.Clean(text, 100_000),
            ["$serializationError"] = error.Message,
        };
        return JsonSerializer.Serialize(fallback, Options);
    }
}

/// <summary>Reads Newtonsoft.Json tokens without a reference to Newtonsoft.Json (their text is JSON).</summary>
internal static class Newtonsoft
{
    /// <summary>Whether <paramref name="value"/> is a <c>Newtonsoft.Json.Linq.JToken</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> for JObject, JArray, JValue, ...</returns>
    public static bool IsToken(object value)
    {
        for (var type = value.GetType(); type is not null; type = type.BaseType)
        {
            if (type.FullName == "Newtonsoft.Json.Linq.JToken")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The token's JSON text, validated by parsing.</summary>
    /// <param name="token">A JToken.</param>
    /// <returns>Compact JSON.</returns>
    public static string ToJson(object token)
    {
        var text = token.ToString() ?? "null";
        try
        {
            return JsonNode.Parse(text)?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(text); // a JValue string prints without quotes
        }
    }
}

/// <summary>Text hygiene for feedback: no control characters except line breaks and tabs, no broken surrogate pairs.</summary>
internal static class Text
{
    /// <summary>Cleans <paramref name="text"/> and caps it at <paramref name="maxChars"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxChars">The longest result.</param>
    /// <returns>The cleaned text (the same instance when nothing needed cleaning).</returns>
    public static string Clean(string text, int maxChars)
    {
        var needs = text.Length > maxChars;
        for (var i = 0; i < text.Length && !needs && i < maxChars; i++)
        {
            var c = text[i];
            needs = (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || char.IsSurrogate(c);
        }

        if (!needs)
        {
            return text;
        }

        var length = Math.Min(text.Length, maxChars);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (i + 1 < length)
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
