using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Poet.Cli.Output;

/// <summary>The JSON of <c>--json</c> output and of the service API: camelCase names, enums as camelCase strings.</summary>
internal static class CliJson
{
    /// <summary>Indented, for <c>--json</c> output.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new ExecutionIdConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes an execution id as its text.</summary>
    private sealed class ExecutionIdConverter : JsonConverter<ExecutionId>
    {
        public override ExecutionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ExecutionId.Parse(reader.GetString() ?? string.Empty);

        public override void Write(Utf8JsonWriter writer, ExecutionId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }
}
