using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Poet.Remote;
using Poet.Tests.DriftApi;
using PoetServer;

namespace Poet.Tests.Reliability.Faults;

/// <summary>
/// Fault suite: malformed, oversized, cut-short, wrongly encoded and unauthenticated requests against both example
/// servers running on Kestrel on loopback (port 0). None may get a 5xx; each named case gets its specific status.
/// </summary>
[Category("Faults")]
public class HttpBadInputFaults
{
    private const string ServerKey = "fault-suite-server-key-0123456789";

    [Test]
    public async Task DriftApi_answers_every_bad_request_with_a_4xx()
    {
        using var factory = new DriftApiFactory();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0)); // a free port on loopback only
        factory.StartServer();
        using var keyed = factory.CreateKeyedClient();
        using var anonymous = factory.CreateClient();
        var id = ExecutionId.New().Value;
        var tally = new FaultTally("HTTP bad input, DriftApi");

        await tally.ExpectAsync(anonymous, Post("/drift/check", Utf8("{\"reference\": [1,2,"), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(anonymous, Post("/drift/check", Utf8("{\"reference\":[1,2,3],\"current\":[1,2]}"), "application/json; charset=utf-16"), HttpStatusCode.UnsupportedMediaType);
        await tally.ExpectAsync(anonymous, Post("/drift/check", InvalidUtf8PropertyName(), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(anonymous, Post($"/drift/{id}/feedback", Utf8("\"false alarm\""), "application/json"), HttpStatusCode.Unauthorized);
        await tally.ExpectAsync(keyed, Post($"/drift/{id}/feedback", Utf8("\"false alarm\""), "application/json"), HttpStatusCode.NotFound);
        await tally.ExpectAsync(keyed, Post("/poet/functions/IDriftDetector.Detect/rollback", InvalidUtf8PropertyName(), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(keyed, Post("/poet/feedback", InvalidUtf8PropertyName(), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(keyed, Post("/poet/feedback", LoneSurrogatePropertyName(id), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectNoServerErrorAsync(keyed, Post("/poet/feedback", LoneSurrogatePropertyName(id, inFeedback: true), "application/json"));
        await tally.ExpectAsync(keyed, Post("/poet/feedback", Utf8("{\"executionId\":\"" + id + "\",\"feedback\":\"x\"}"), "text/plain"), HttpStatusCode.UnsupportedMediaType);
        foreach (var body in Garbage())
        {
            await tally.ExpectNoServerErrorAsync(anonymous, Post("/drift/check", body, "application/json"));
            await tally.ExpectNoServerErrorAsync(keyed, Post($"/drift/{id}/feedback", body, "application/json"));
            await tally.ExpectNoServerErrorAsync(keyed, Post("/poet/feedback", body, "application/json"));
        }

        await tally.ExpectShortBodyAsync(keyed.BaseAddress!, "/poet/feedback", DriftApiFactory.Key);
        await tally.ExpectShortBodyAsync(keyed.BaseAddress!, "/drift/check", DriftApiFactory.Key);
        await tally.ExpectOversizedBodyAsync(keyed.BaseAddress!, "/drift/check", DriftApiFactory.Key);
        await tally.ExpectOversizedBodyAsync(keyed.BaseAddress!, $"/drift/{id}/feedback", DriftApiFactory.Key);
        tally.Report();
    }

    [Test]
    public async Task PoetServer_answers_every_bad_request_with_a_4xx()
    {
        await using var factory = new WebApplicationFactory<PoetServerMarker>().WithWebHostBuilder(b =>
        {
            b.UseSetting(PoetOptions.ServiceApiKeyVariable, ServerKey);
            b.UseSetting("POET_STORE_PATH", TempStore.NewPath());
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0)); // a free port on loopback only
        factory.StartServer();
        using var keyed = factory.CreateClient();
        keyed.DefaultRequestHeaders.Add(RemoteRoutes.ApiKeyHeader, ServerKey);
        using var bearer = factory.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerKey);
        var tally = new FaultTally("HTTP bad input, PoetServer");

        await tally.ExpectAsync(keyed, Post(RemoteRoutes.Functions, Utf8(PlanJson("no-such-domain", learnables: 1)), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(keyed, Post(RemoteRoutes.Functions, Utf8(PlanJson("generic", learnables: 5_000)), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(keyed, Post(RemoteRoutes.Functions + "/IFault.Run/rollback", InvalidUtf8PropertyName(), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(keyed, Post(RemoteRoutes.Executions, InvalidUtf8PropertyName(), "application/json"), HttpStatusCode.BadRequest);
        await tally.ExpectAsync(bearer, Post(RemoteRoutes.Functions, Utf8(PlanJson("generic", learnables: 1)), "application/json"), HttpStatusCode.OK);
        foreach (var body in Garbage())
        {
            await tally.ExpectNoServerErrorAsync(keyed, Post(RemoteRoutes.Functions, body, "application/json"));
            await tally.ExpectNoServerErrorAsync(keyed, Post(RemoteRoutes.Executions, body, "application/json"));
        }

        await tally.ExpectShortBodyAsync(keyed.BaseAddress!, RemoteRoutes.Functions, ServerKey);
        tally.Report();
    }

    private static string PlanJson(string domain, int learnables)
    {
        var parameters = string.Join(",", Enumerable.Range(0, learnables).Select(i => $"{{\"name\":\"p{i}\",\"min\":0,\"max\":1,\"default\":0.5,\"step\":0.1,\"maxStep\":0.5}}"));
        return $"{{\"functionId\":\"IFault.Run\",\"interfaceName\":\"IFault\",\"methodName\":\"Run\",\"domain\":\"{domain}\",\"learnable\":[{parameters}]}}";
    }

    private static HttpRequestMessage Post(string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary><c>{"\xff\xfe": 1}</c>: a property name that is not UTF-8.</summary>
    private static byte[] InvalidUtf8PropertyName() => [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

    /// <summary>
    /// A property name escaped as a lone surrogate (<c>"\ud800"</c>): valid UTF-8 JSON text whose name is not valid
    /// UTF-16. At the top level it is a bad request; inside the feedback payload it is data (the id is unknown: 404).
    /// </summary>
    private static byte[] LoneSurrogatePropertyName(string id, bool inFeedback = false) => Utf8(inFeedback
        ? "{\"executionId\":\"" + id + "\",\"feedback\":{\"\\ud800\":1}}"
        : "{\"\\ud800\":1,\"executionId\":\"" + id + "\",\"feedback\":\"x\"}");

    private static IEnumerable<byte[]> Garbage()
    {
        string[] texts =
        [
            "", " ", "null", "[]", "\"", "{", "}", "{\"a\":", "[1,2", "{\"a\":1,\"a\":2}", "1e999999", "{\"executionId\":123}",
            "{\"reference\":\"x\",\"current\":{}}", "{\"reference\":[1e308,1e308],\"current\":[-1e308]}", new string('[', 5_000),
            "{\"feedback\":" + new string('[', 200) + "}", "{\"version\":-1}", "{\"version\":\"2\"}", "\u0000\u0001",
        ];
        foreach (var text in texts)
        {
            yield return Utf8(text);
        }

        yield return [0xC3, 0x28];
        yield return [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'];
    }
}
