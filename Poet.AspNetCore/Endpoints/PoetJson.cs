using System.Text.Json;
using System.Text.Json.Serialization;

namespace Poet.AspNetCore.Endpoints;

/// <summary>
/// The JSON settings of the <c>/poet</c> endpoints: System.Text.Json web defaults (camelCase, case-insensitive
/// reading), enums as camelCase strings, and NaN/Infinity written as strings rather than failing the response.
/// They apply whatever the host application configured for its own endpoints.
/// </summary>
internal static class PoetJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The limits for parsing request bodies: bounded depth, no duplicate properties, no comments.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            ReferenceHandler = ReferenceHandler.IgnoreCycles,
            MaxDepth = 64,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
