using System.Text.Json;
using System.Text.Json.Serialization;

namespace Poet.Remote;

/// <summary>
/// The JSON shape of the remote-mode wire protocol, shared by the client and the service endpoints: System.Text.Json
/// web defaults (camelCase), execution ids as strings, enums as camelCase strings (numbers are accepted on read).
/// </summary>
internal static class RemoteJson
{
    /// <summary>The options both sides serialize with.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString,
            ReferenceHandler = ReferenceHandler.IgnoreCycles,
            MaxDepth = 64,
        };
        options.Converters.Add(new ExecutionIdJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
