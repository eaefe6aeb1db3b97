using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Poet.Translation;

/// <summary>
/// Reads an execution's result generically, as a live object (the call's result) or as JSON (read back from the
/// log): whether the function fired, from a boolean, a collection or a count whose name the domain lists in
/// <see cref="DomainTemplate.FiringIndicators"/>; the score it compared with a threshold, from a member named by
/// <see cref="DomainTemplate.ScoreIndicators"/>; and the run length it compared with a persistence, from a member named by
/// <see cref="DomainTemplate.RunIndicators"/>; and the gap it compared with a cooldown, from a member named by
/// <see cref="DomainTemplate.GapIndicators"/>.
/// </summary>
internal static class ExecutionInspector
{
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    /// <summary>Inspects the execution's result.</summary>
    /// <param name="execution">The execution.</param>
    /// <param name="domain">The function's domain (firing and score indicators).</param>
    /// <returns>What the result says; never throws.</returns>
    public static ExecutionFacts Inspect(ExecutionRecord execution, DomainTemplate domain)
    {
        try
        {
            return Inspect(execution.Result, domain);
        }
        catch (Exception)
        {
            return ExecutionFacts.Unknown; // a getter threw or the JSON is odd: know nothing rather than fail feedback
        }
    }

    private static ExecutionFacts Inspect(object? result, DomainTemplate domain)
    {
        switch (result)
        {
            case null:
                return ExecutionFacts.Unknown;
            case bool fired:
                return new ExecutionFacts(fired, $"result = {(fired ? "true" : "false")}", null, null);
            case JsonElement json:
                return InspectJson(json, domain);
            case string:
                return ExecutionFacts.Unknown;
            case IDictionary dictionary:
                return Decide(EnumerateDictionary(dictionary), domain);
            case IEnumerable sequence:
                var any = sequence.Cast<object?>().Any();
                return new ExecutionFacts(any, any ? "the result has items" : "the result is empty", null, null);
        }

        var type = result.GetType();
        if (type.IsPrimitive || type.IsEnum)
        {
            return ExecutionFacts.Unknown;
        }

        return Decide(EnumerateObject(result), domain);
    }

    private static ExecutionFacts InspectJson(JsonElement json, DomainTemplate domain) => json.ValueKind switch
    {
        JsonValueKind.True => new ExecutionFacts(true, "result = true", null, null),
        JsonValueKind.False => new ExecutionFacts(false, "result = false", null, null),
        JsonValueKind.Array => new ExecutionFacts(json.GetArrayLength() > 0, json.GetArrayLength() > 0 ? "the result has items" : "the result is empty", null, null),
        JsonValueKind.Object => Decide(EnumerateJson(json), domain),
        _ => ExecutionFacts.Unknown,
    };

    private static ExecutionFacts Decide(IEnumerable<(string Name, object? Value)> members, DomainTemplate domain)
    {
        bool? byBool = null;
        string? boolEvidence = null;
        bool? byCollection = null;
        string? collectionEvidence = null;
        bool? byCount = null;
        string? countEvidence = null;
        double? score = null;
        string? scoreName = null;
        double? run = null;
        string? runName = null;
        double? gap = null;
        string? gapName = null;

        foreach (var (name, value) in members)
        {
            var firing = Contains(name, domain.FiringIndicators);
            switch (value)
            {
                case bool flag when firing && !name.Contains("false", StringComparison.OrdinalIgnoreCase):
                    if (flag || byBool is null)
                    {
                        byBool = (byBool ?? false) || flag;
                        boolEvidence = flag || boolEvidence is null ? $"{name} = {(flag ? "true" : "false")}" : boolEvidence;
                    }

                    break;
                case ICollection collection when firing:
                    byCollection = (byCollection ?? false) || collection.Count > 0;
                    collectionEvidence ??= $"{name} has {collection.Count} item(s)";
                    break;
                case double or float or decimal or int or long or short:
                    var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (run is null && double.IsFinite(number) && Contains(name, domain.RunIndicators))
                    {
                        run = number;
                        runName = name;
                    }
                    else if (gap is null && double.IsFinite(number) && Contains(name, domain.GapIndicators))
                    {
                        gap = number;
                        gapName = name;
                    }
                    else if (firing && IsCountName(name))
                    {
                        byCount = (byCount ?? false) || number > 0;
                        countEvidence ??= $"{name} = {number.ToString(CultureInfo.InvariantCulture)}";
                    }
                    else if (score is null && double.IsFinite(number) && Contains(name, domain.ScoreIndicators)
                        && !name.Contains("threshold", StringComparison.OrdinalIgnoreCase)
                        && !name.Contains("pvalue", StringComparison.OrdinalIgnoreCase)
                        && !name.Contains("p_value", StringComparison.OrdinalIgnoreCase))
                    {
                        score = number;
                        scoreName = name;
                    }

                    break;
            }
        }

        var fired = byBool ?? byCollection ?? byCount;
        var evidence = byBool is not null ? boolEvidence : byCollection is not null ? collectionEvidence : countEvidence;
        return new ExecutionFacts(fired, evidence, score, scoreName, run, runName, gap, gapName);
    }

    private static bool IsCountName(string name) =>
        name.Contains("count", StringComparison.OrdinalIgnoreCase) || name.Contains("number", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("num", StringComparison.OrdinalIgnoreCase) || name.EndsWith('s');

    private static bool Contains(string name, IReadOnlyList<string> fragments)
    {
        foreach (var fragment in fragments)
        {
            if (!string.IsNullOrEmpty(fragment) && name.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(string, object?)> EnumerateJson(JsonElement json)
    {
        foreach (var property in json.EnumerateObject())
        {
            object? value = property.Value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => property.Value.TryGetDouble(out var d) ? d : null,
                JsonValueKind.Array => new JsonArrayCount(property.Value.GetArrayLength()),
                _ => null,
            };
            yield return (property.Name, value);
        }
    }

    private static IEnumerable<(string, object?)> EnumerateDictionary(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            yield return (Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value is string ? null : entry.Value);
        }
    }

    private static IEnumerable<(string, object?)> EnumerateObject(object result)
    {
        foreach (var member in Members.GetOrAdd(result.GetType(), Discover))
        {
            object? value;
            try
            {
                value = member.Get(result);
            }
            catch (Exception)
            {
                continue;
            }

            if (value is IEnumerable sequence and not ICollection and not string)
            {
                value = new JsonArrayCount(sequence.Cast<object?>().Take(1).Count());
            }

            yield return (member.Name, value);
        }
    }

    private static Member[] Discover(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
            .Select(p => new Member(p.Name, p.GetValue)),
         .. type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => new Member(f.Name, f.GetValue))];

    private sealed record Member(string Name, Func<object?, object?> Get);

    /// <summary>A JSON array or lazy sequence seen only for its size.</summary>
    private sealed class JsonArrayCount(int count) : ICollection
    {
        public int Count { get; } = count;

        public bool IsSynchronized => false;

        public object SyncRoot => this;

        public void CopyTo(Array array, int index)
        {
        }

        public IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();
    }
}
