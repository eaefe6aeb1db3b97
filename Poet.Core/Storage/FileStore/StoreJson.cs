using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Poet.Storage.FileStore;

/// <summary>
/// The store's JSON settings: camelCase, enums as names, indented for the files people read, relaxed escaping so
/// text stays readable with <c>cat</c>. Source-generated, so no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FunctionVersion))]
[JsonSerializable(typeof(FunctionPlan))]
[JsonSerializable(typeof(TrainSpec))]
[JsonSerializable(typeof(NormalizedFeedback))]
[JsonSerializable(typeof(LearningSignal))]
[JsonSerializable(typeof(IReadOnlyList<ParameterChange>))]
[JsonSerializable(typeof(VersionReason))]
[JsonSerializable(typeof(HistoryEntry))]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class StoreJson : JsonSerializerContext
{
    private static StoreJson? _store;
    private static StoreJson? _compact;

    /// <summary>The context for the store's indented files.</summary>
    public static StoreJson Store => _store ??= new StoreJson(CreateOptions(indented: true));

    /// <summary>The context for JSON lines (not indented).</summary>
    public static StoreJson Compact => _compact ??= new StoreJson(CreateOptions(indented: false));

    /// <summary>Writer options matching <see cref="Store"/> or <see cref="Compact"/>.</summary>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The writer options.</returns>
    public static JsonWriterOptions WriterOptions(bool indented) =>
        new() { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private static JsonSerializerOptions CreateOptions(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };
}
