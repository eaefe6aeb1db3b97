using System.Text.Json;

namespace Poet;

/// <summary>
/// Parses a model's answer into a <see cref="LearningSignal"/>, strictly: one JSON object with a known verdict, a
/// numeric confidence and an adjustments array of {parameter, direction, magnitude}. Unknown parameters are
/// ignored (the model can only move declared learnable parameters); numbers are clamped to their ranges; anything
/// else (prose, truncated JSON, wrong types, wildly out-of-range numbers) rejects the whole answer.
/// </summary>
internal static class LlmSignalParser
{
    private const int MaxIssueChars = 64;
    private const int MaxRationaleChars = 300;

    /// <summary>Parses an answer.</summary>
    /// <param name="reply">The model's reply text.</param>
    /// <param name="spec">The function's train spec (declared parameters, issue map).</param>
    /// <param name="translator">The translator name recorded in the signal.</param>
    /// <param name="signal">The signal, when the answer is valid.</param>
    /// <param name="problem">Why the answer was rejected.</param>
    /// <returns>Whether the answer is valid.</returns>
    public static bool TryParse(string? reply, TrainSpec spec, string translator, out LearningSignal? signal, out string problem)
    {
        signal = null;
        if (!LlmAnswerText.TryParseObject(reply, out var document, out problem))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!root.TryGetProperty("verdict", out var verdictElement) || verdictElement.ValueKind != JsonValueKind.String
                || !LlmVerdictNames.TryParse(verdictElement.GetString(), out var verdict))
            {
                problem = "'verdict' is missing or not one of " + string.Join(", ", LlmVerdictNames.All);
                return false;
            }

            if (!root.TryGetProperty("confidence", out var confidenceElement) || !LlmNumbers.TryReadClamped(confidenceElement, 0, 1, out var confidence))
            {
                problem = "'confidence' is missing, not a number or far outside 0..1";
                return false;
            }

            if (!TryReadOptionalString(root, "issue", MaxIssueChars, out var issue) || !TryReadOptionalString(root, "rationale", MaxRationaleChars, out var rationale))
            {
                problem = "'issue' or 'rationale' is not a string";
                return false;
            }

            if (!root.TryGetProperty("adjustments", out var adjustmentsElement) || adjustmentsElement.ValueKind != JsonValueKind.Array)
            {
                problem = "'adjustments' is missing or not an array";
                return false;
            }

            if (!TryReadAdjustments(adjustmentsElement, spec, out var adjustments, out problem))
            {
                return false;
            }

            var filledFromMap = false;
            if (verdict == FeedbackVerdict.Other)
            {
                adjustments.Clear();
            }
            else if (adjustments.Count == 0 && spec.IssueMap.TryGetValue(verdict, out var directions))
            {
                adjustments.AddRange(spec.Parameters
                    .Where(p => directions.TryGetValue(p.Name, out var d) && d != 0)
                    .Select(p => new ParameterAdjustment(p.Name, Math.Sign(directions[p.Name]), 1.0)));
                filledFromMap = adjustments.Count > 0;
            }

            var why = string.IsNullOrWhiteSpace(rationale) ? $"LLM verdict {LlmVerdictNames.ToWire(verdict)}" : rationale!;
            signal = new LearningSignal
            {
                Verdict = verdict,
                Issue = string.IsNullOrWhiteSpace(issue) ? LlmVerdictNames.ToWire(verdict) : issue,
                Adjustments = adjustments,
                Confidence = confidence,
                Rationale = filledFromMap ? why + " (directions from the function's issue map)" : why,
                Translator = translator,
            };
            problem = string.Empty;
            return true;
        }
    }

    private static bool TryReadAdjustments(JsonElement array, TrainSpec spec, out List<ParameterAdjustment> adjustments, out string problem)
    {
        adjustments = [];
        var declared = spec.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                problem = "an adjustment is not an object";
                return false;
            }

            if (!item.TryGetProperty("parameter", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            {
                problem = "an adjustment has no string 'parameter'";
                return false;
            }

            if (!item.TryGetProperty("direction", out var directionElement) || !LlmNumbers.TryReadClamped(directionElement, -1, 1, out var direction))
            {
                problem = "an adjustment's 'direction' is missing, not a number or far outside -1..1";
                return false;
            }

            if (!item.TryGetProperty("magnitude", out var magnitudeElement) || !LlmNumbers.TryReadClamped(magnitudeElement, 0, 1, out var magnitude))
            {
                problem = "an adjustment's 'magnitude' is missing, not a number or far outside 0..1";
                return false;
            }

            var name = nameElement.GetString()!;
            if (!declared.ContainsKey(name) || adjustments.Exists(a => a.Name == name))
            {
                continue; // the model may only move declared parameters, each once
            }

            var sign = Math.Sign(direction);
            if (sign != 0 && magnitude > 0)
            {
                adjustments.Add(new ParameterAdjustment(name, sign, magnitude));
            }
        }

        problem = string.Empty;
        return true;
    }

    private static bool TryReadOptionalString(JsonElement root, string name, int maxChars, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = element.GetString()!.Trim();
        value = text.Length <= maxChars ? text : text[..maxChars];
        return true;
    }
}
