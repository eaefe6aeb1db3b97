using System.Text.Json;
using System.Text.Json.Serialization;

namespace Poet.Remote;

/// <summary>
/// Writes an <see cref="ExecutionId"/> as its 26-character text; reads the text, or an object with a
/// <c>value</c> property (the shape System.Text.Json gives the struct without a converter), so the client reads
/// whatever the service's endpoints write.
/// </summary>
internal sealed class ExecutionIdJsonConverter : JsonConverter<ExecutionId>
{
    public override ExecutionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return ParseOrThrow(reader.GetString());
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            string? value = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType == JsonTokenType.PropertyName
                    && string.Equals(reader.GetString(), "value", StringComparison.OrdinalIgnoreCase))
                {
                    reader.Read();
                    value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return ParseOrThrow(value);
        }

        throw new JsonException($"Expected a POET execution id (a string), found {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, ExecutionId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);

    private static ExecutionId ParseOrThrow(string? text) =>
        ExecutionId.TryParse(text, out var id)
            ? id
            : throw new JsonException($"'{text}' is not a POET execution id (26 characters of Crockford base32).");
}
