using System.Text.Json;
using System.Text.Json.Nodes;

namespace Poet;

/// <summary>
/// The JSON schema of the answer the translator asks for, specialised to one function (parameter names are an
/// enum of its learnable parameters). Written to suit strict structured-output modes: every property required, no
/// additional properties.
/// </summary>
internal static class LlmSignalSchema
{
    /// <summary>The schema's name, as passed to providers.</summary>
    public const string Name = "poet_learning_signal";

    /// <summary>Builds the schema for a train spec.</summary>
    /// <param name="spec">The function's train spec.</param>
    /// <returns>The schema.</returns>
    public static JsonElement For(TrainSpec spec)
    {
        var parameter = new JsonObject { ["type"] = "string" };
        if (spec.Parameters.Count > 0)
        {
            parameter["enum"] = new JsonArray([.. spec.Parameters.Select(p => (JsonNode?)JsonValue.Create(p.Name))]);
        }

        var adjustment = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["parameter"] = parameter,
                ["direction"] = new JsonObject { ["type"] = "integer", ["enum"] = new JsonArray(-1, 0, 1), ["description"] = "-1 lower, 0 keep, +1 raise" },
                ["magnitude"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1, ["description"] = "how strongly, 0..1 (1 = a full step)" },
            },
            ["required"] = new JsonArray("parameter", "direction", "magnitude"),
            ["additionalProperties"] = false,
        };

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["verdict"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. LlmVerdictNames.All.Select(v => (JsonNode?)JsonValue.Create(v))]) },
                ["issue"] = new JsonObject { ["type"] = "string", ["description"] = "a short snake_case issue name from the domain vocabulary, or empty" },
                ["adjustments"] = new JsonObject { ["type"] = "array", ["items"] = adjustment },
                ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
                ["rationale"] = new JsonObject { ["type"] = "string", ["description"] = "one short sentence" },
            },
            ["required"] = new JsonArray("verdict", "issue", "adjustments", "confidence", "rationale"),
            ["additionalProperties"] = false,
        };

        return JsonSerializer.SerializeToElement(schema);
    }
}
