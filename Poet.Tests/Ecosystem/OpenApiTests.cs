using System.Net.Http.Json;
using System.Text.Json;
using Poet.Tests.DriftApi;

namespace Poet.Tests.Ecosystem;

/// <summary>DriftApi's OpenAPI description: the API-key scheme, an operationId everywhere, the licence.</summary>
public class OpenApiTests
{
    [Test]
    public async Task The_OpenAPI_document_has_the_API_key_scheme_operation_ids_and_a_licence()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("apiKey"));
        Assert.That(scheme.GetProperty("name").GetString(), Is.EqualTo("X-Api-Key"));
        Assert.That(document.GetProperty("info").GetProperty("license").GetProperty("name").GetString(), Is.EqualTo("MIT"));
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Method: op.Name, Operation: op.Value)))
            .ToList();
        Assert.That(operations.Where(o => !o.Operation.TryGetProperty("operationId", out _)).Select(o => $"{o.Method} {o.Path}"), Is.Empty);
        var feedback = document.GetProperty("paths").GetProperty("/poet/feedback").GetProperty("post");
        Assert.That(feedback.GetProperty("security")[0].TryGetProperty("ApiKey", out _), Is.True);
        Assert.That(document.GetProperty("paths").GetProperty("/poet/health").GetProperty("get").TryGetProperty("security", out _), Is.False);
    }
}
