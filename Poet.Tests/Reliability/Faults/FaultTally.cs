using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Poet.Tests.Reliability.Faults;

/// <summary>Counts the faults a scenario injected and how many the system survived, and prints the line the README quotes.</summary>
internal sealed class FaultTally(string scenario)
{
    private readonly List<string> _failures = [];

    public int Injected { get; private set; }

    public int Survived { get; private set; }

    public long RecordsLost { get; set; }

    /// <summary>Sends a bad request and expects exactly <paramref name="expected"/>.</summary>
    public async Task ExpectAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        var (status, body) = await SendAsync(client, request);
        Count(status == expected, $"{request.Method} {request.RequestUri}: {(int)status} (expected {(int)expected}) {Shorten(body)}");
    }

    /// <summary>Sends a bad request and expects no 5xx and no hang (a 4xx, or a 2xx for input that happens to be valid).</summary>
    public async Task ExpectNoServerErrorAsync(HttpClient client, HttpRequestMessage request)
    {
        var sent = request.Content is null ? string.Empty : Shorten(await request.Content.ReadAsStringAsync());
        var (status, body) = await SendAsync(client, request);
        Count((int)status < 500, $"{request.Method} {request.RequestUri} '{sent}': {(int)status} (expected below 500) {Shorten(body)}");
    }

    /// <summary>
    /// Sends a body shorter than its Content-Length on a raw loopback socket and keeps the connection open: the server
    /// must answer 400 or 408 (Kestrel's minimum body data rate ends the wait after about 5 seconds), not 500.
    /// </summary>
    public Task ExpectShortBodyAsync(Uri server, string path, string key) =>
        ExpectRawAsync(server, path, key, contentLength: 1000, ["400", "408"], "a body shorter than its Content-Length");

    /// <summary>Announces a 50 MB body on a raw loopback socket and sends a few bytes of it: the server must answer 413.</summary>
    public Task ExpectOversizedBodyAsync(Uri server, string path, string key) =>
        ExpectRawAsync(server, path, key, contentLength: 50L * 1024 * 1024, ["413"], "a 50 MB body");

    private async Task ExpectRawAsync(Uri server, string path, string key, long contentLength, string[] statuses, string what)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Host, server.Port).WaitAsync(TimeSpan.FromSeconds(30));
        var request = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {contentLength}\r\nConnection: close\r\n\r\n{{\"executionId\":";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var received = new StringBuilder();
        try
        {
            int read;
            while (!received.ToString().Contains("\r\n", StringComparison.Ordinal)
                && (read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60))) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // The server closed the connection after (or instead of) answering: judged by what arrived.
        }

        var statusLine = received.ToString().Split("\r\n")[0];
        Count(statuses.Any(s => statusLine.Contains($" {s} ", StringComparison.Ordinal)),
            $"POST {path} with {what}: '{statusLine}' (expected {string.Join(" or ", statuses)})");
    }

    /// <summary>Prints the figures and fails the test when any fault was not survived.</summary>
    public void Report()
    {
        TestContext.Out.WriteLine($"FAULTS {scenario}: injected {Injected}, survived {Survived}, records lost {RecordsLost}");
        Assert.That(_failures, Is.Empty, $"{scenario}: {_failures.Count} of {Injected} faults were not handled:\n" + string.Join("\n", _failures));
    }

    public void Count(bool survived, string description)
    {
        Injected++;
        if (survived)
        {
            Survived++;
        }
        else
        {
            _failures.Add(description);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(60));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
