using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet.PostgreSql.Functions;

/// <summary>The JSON of the function tables' documents: the file store's settings, not indented.</summary>
internal static class FunctionJson
{
    public static string Write(FunctionVersion version) => JsonSerializer.Serialize(version, StoreJson.Compact.FunctionVersion);

    public static string Write(FunctionPlan plan) => JsonSerializer.Serialize(plan, StoreJson.Compact.FunctionPlan);

    public static string Write(TrainSpec spec) => JsonSerializer.Serialize(spec, StoreJson.Compact.TrainSpec);

    public static string Write(VersionReason reason) => JsonSerializer.Serialize(reason, StoreJson.Compact.VersionReason);

    public static FunctionVersion ReadVersion(string json) =>
        JsonSerializer.Deserialize(json, StoreJson.Compact.FunctionVersion) ?? throw new JsonException("a version's metadata is null");

    public static FunctionPlan ReadPlan(string json) =>
        JsonSerializer.Deserialize(json, StoreJson.Compact.FunctionPlan) ?? throw new JsonException("a plan is null");

    public static TrainSpec ReadTrainSpec(string json) =>
        JsonSerializer.Deserialize(json, StoreJson.Compact.TrainSpec) ?? throw new JsonException("a train spec is null");
}
