using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poet.Remote;

namespace Poet.Tests.Remote;

/// <summary>
/// The service reads execution batches into pooled arrays and its file store writes the lines that point into them:
/// concurrent batches, with and without a Content-Length, must each be stored as sent and never mixed.
/// </summary>
public sealed class ServiceBatchBodyTests
{
    [Test]
    public async Task Concurrent_json_lines_batches_with_and_without_a_length_are_each_stored_with_their_own_values()
    {
        var storePath = RemoteTestData.TempStore();
        await using (var fileStore = PoetFileStore.Open(new PoetOptions { StorePath = storePath }))
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton(fileStore.Executions);
            builder.Services.AddSingleton<IFunctionCatalog>(new LocalFunctionCatalog(new InMemoryFunctionStore(), new DomainCatalog()));
            await using var app = builder.Build();
            app.MapPoetServiceEndpoints(o => o.ApiKey = RemoteTestHost.ApiKey);
            await app.StartAsync();
            using var http = app.GetTestClient();
            http.DefaultRequestHeaders.Add(RemoteRoutes.ApiKeyHeader, RemoteTestHost.ApiKey);

            // 300 lines of ~250 bytes: each body is larger than the first 16 KB read and than the previous batch's array.
            var batches = Enumerable.Range(0, 12).Select(b => Enumerable.Range(0, 300).Select(i => Numbered(b * 1_000 + i)).ToList()).ToList();
            var responses = await Task.WhenAll(batches.Select((batch, b) => http.PostAsync(RemoteRoutes.Executions, Body(batch, withLength: b % 2 == 0))));

            Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
            foreach (var (batch, b) in batches.Select((batch, b) => (batch, b)))
            {
                foreach (var (record, i) in batch.Select((record, i) => (record, i)).Where(x => x.i % 37 == 0))
                {
                    var found = await fileStore.Executions.FindAsync(record.Id);
                    Assert.That(found, Is.Not.Null, $"batch {b} line {i}");
                    Assert.That(found!.Arguments["n"]!.ToString(), Is.EqualTo((b * 1_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        $"batch {b} line {i} holds its own values, not another request's");
                }
            }

            await app.StopAsync();
        }

        Directory.Delete(storePath, recursive: true);
    }

    private static ExecutionRecord Numbered(int n) => RemoteTestData.Record() with
    {
        Arguments = new Dictionary<string, object?> { ["n"] = n, ["current"] = new[] { 1.5, 9.0, n } },
    };

    private static HttpContent Body(List<ExecutionRecord> records, bool withLength)
    {
        var text = string.Concat(records.Select(r => JsonSerializer.Serialize(r, RemoteJson.Options) + "\n"));
        HttpContent content = withLength
            ? new ByteArrayContent(Encoding.UTF8.GetBytes(text))
            : new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(text))); // no length: sent chunked
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(RemoteRoutes.JsonLinesMediaType);
        return content;
    }

    /// <summary>A stream that cannot tell its length, so the body goes without a Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
