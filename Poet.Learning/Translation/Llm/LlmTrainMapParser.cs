using System.Text.Json;

namespace Poet;

/// <summary>
/// Validates a proposed issue-to-parameter-direction map: every verdict known, every parameter declared, every
/// direction exactly -1, 0 or 1, no contradictions (one verdict pushing a parameter both ways; false alarms and
/// misses pushing a parameter the same way), and at least one entry. Any violation rejects the whole proposal.
/// </summary>
internal static class LlmTrainMapParser
{
    /// <summary>Parses and validates a proposal.</summary>
    /// <param name="reply">The model's reply.</param>
    /// <param name="parameters">The declared learnable parameters.</param>
    /// <param name="map">The validated map.</param>
    /// <param name="rationale">The model's rationale (may be empty).</param>
    /// <param name="problem">Why the proposal was rejected.</param>
    /// <returns>Whether the proposal is valid.</returns>
    public static bool TryParse(
        string? reply,
        IReadOnlyList<LearnableParameterSpec> parameters,
        out Dictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>> map,
        out string rationale,
        out string problem)
    {
        map = [];
        rationale = string.Empty;
        if (!LlmAnswerText.TryParseObject(reply, out var document, out problem))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                problem = "'entries' is missing or not an array";
                return false;
            }

            if (root.TryGetProperty("rationale", out var why))
            {
                if (why.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    problem = "'rationale' is not a string";
                    return false;
                }

                rationale = (why.GetString() ?? string.Empty).Trim();
                rationale = rationale.Length <= 300 ? rationale : rationale[..300];
            }

            var declared = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var working = new Dictionary<FeedbackVerdict, Dictionary<string, int>>();
            foreach (var entry in entries.EnumerateArray())
            {
                if (!TryReadEntry(entry, declared, out var verdict, out var parameter, out var direction, out problem))
                {
                    return false;
                }

                if (direction == 0 || verdict == FeedbackVerdict.Other)
                {
                    continue;
                }

                var directions = working.TryGetValue(verdict, out var known) ? known : working[verdict] = new Dictionary<string, int>(StringComparer.Ordinal);
                if (directions.TryGetValue(parameter, out var earlier) && earlier != direction)
                {
                    problem = $"'{LlmVerdictNames.ToWire(verdict)}' moves '{parameter}' both up and down";
                    return false;
                }

                directions[parameter] = direction;
            }

            if (working.Count == 0)
            {
                problem = "the proposal moves no parameter for any verdict";
                return false;
            }

            if (working.TryGetValue(FeedbackVerdict.FalsePositive, out var fp) && working.TryGetValue(FeedbackVerdict.FalseNegative, out var fn))
            {
                foreach (var (parameter, direction) in fp)
                {
                    if (fn.TryGetValue(parameter, out var other) && other == direction)
                    {
                        problem = $"false alarms and misses both move '{parameter}' the same way";
                        return false;
                    }
                }
            }

            foreach (var (verdict, directions) in working)
            {
                map[verdict] = directions;
            }

            problem = string.Empty;
            return true;
        }
    }

    private static bool TryReadEntry(JsonElement entry, HashSet<string> declared, out FeedbackVerdict verdict, out string parameter, out int direction, out string problem)
    {
        verdict = FeedbackVerdict.Other;
        parameter = string.Empty;
        direction = 0;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            problem = "an entry is not an object";
            return false;
        }

        if (!entry.TryGetProperty("verdict", out var v) || v.ValueKind != JsonValueKind.String || !LlmVerdictNames.TryParse(v.GetString(), out verdict))
        {
            problem = "an entry's 'verdict' is missing or unknown";
            return false;
        }

        if (!entry.TryGetProperty("parameter", out var p) || p.ValueKind != JsonValueKind.String || !declared.Contains(p.GetString()!))
        {
            problem = "an entry names a parameter that is not a declared learnable parameter";
            return false;
        }

        if (!entry.TryGetProperty("direction", out var d) || d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out direction) || direction is < -1 or > 1)
        {
            problem = "an entry's 'direction' is not -1, 0 or 1";
            return false;
        }

        parameter = p.GetString()!;
        problem = string.Empty;
        return true;
    }
}
