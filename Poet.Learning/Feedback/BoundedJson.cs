using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Poet.Storage.FileStore;

namespace Poet.Feedback;

/// <summary>
/// Writes an arbitrary feedback object as JSON within fixed bounds, through the execution log's
/// <see cref="SafeValueWriter"/>: at most <see cref="MaxItems"/> items per collection (more are summarized), at most
/// <see cref="MaxDepth"/> levels, strings cut at the stored-feedback limit, one value's JSON cut beyond twice that many
/// bytes. Tasks are never awaited or blocked on and lazy sequences (iterators, LINQ queries, endless generators) never
/// enumerated: each becomes a <c>{"$poet": ...}</c> marker. Never throws for a payload's sake.
/// </summary>
internal static partial class BoundedJson
{
    /// <summary>Collections with more items are summarized (first items, count, and min/max/mean for numbers).</summary>
    public const int MaxItems = 1_000;

    /// <summary>Objects nested deeper are replaced by a marker.</summary>
    public const int MaxDepth = 32;

    /// <summary>Writes <paramref name="payload"/> within the bounds.</summary>
    /// <param name="payload">Any object.</param>
    /// <param name="maxChars">The stored-feedback limit (<see cref="PoetOptions.MaxStoredFeedbackChars"/>).</param>
    /// <param name="why">What was replaced by markers, or null when the payload was written whole.</param>
    /// <returns>The JSON.</returns>
    public static string Write(object? payload, int maxChars, out string? why)
    {
        var limits = new RecordedValueLimits(MaxItems, Math.Max(16, maxChars), (int)Math.Min(int.MaxValue / 2, Math.Max(1024L, maxChars * 2L)), MaxDepth);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, StoreJson.WriterOptions(indented: false)))
        {
            new SafeValueWriter(limits).WriteValue(writer, payload);
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        why = Why(json, maxChars);
        return json;
    }

    /// <summary>Says which markers a bounded write left, with the bound behind each; null when there are none.</summary>
    /// <param name="json">The written JSON.</param>
    /// <param name="maxChars">The stored-feedback limit.</param>
    /// <returns>The reason, or null.</returns>
    internal static string? Why(string json, int maxChars)
    {
        var kinds = Marker().Matches(json).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (kinds.Count == 0 && !json.Contains("...[truncated by POET", StringComparison.Ordinal))
        {
            return null;
        }

        var reasons = kinds.Select(kind => kind switch
        {
            "truncated" => $"a collection over {MaxItems} items, a string over {maxChars} characters or a value over {maxChars * 2L} bytes of JSON was cut",
            "unserializable" => "a task (never awaited), delegate, stream or handle was replaced by a marker",
            "lazy-sequence" => "a lazy sequence (iterator, LINQ query, generator) was not enumerated",
            "depth" => $"nesting deeper than {MaxDepth} levels was cut",
            "cycle" => "a reference cycle was cut",
            "error" => "a member that threw was replaced by its error",
            _ => $"'{kind}' marker",
        }).DefaultIfEmpty($"a string over {maxChars} characters was cut");
        return "Parts of the payload were not stored as sent (see the \"$poet\" markers): " + string.Join("; ", reasons) + ".";
    }

    [GeneratedRegex("\"\\$poet\":\"([a-z-]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
