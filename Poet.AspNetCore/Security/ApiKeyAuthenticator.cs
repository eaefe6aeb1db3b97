using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Poet.AspNetCore.Security;

/// <summary>
/// Checks a request's API key against <see cref="PoetEndpointOptions.ApiKey"/> in constant time: both keys are
/// hashed with SHA-256 and the hashes compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so
/// neither the key's content nor its length leaks through timing. Follows configuration reloads.
/// </summary>
internal sealed class ApiKeyAuthenticator(IOptionsMonitor<PoetEndpointOptions> options)
{
    private const string BearerPrefix = "Bearer ";

    private volatile ExpectedKey? _expected;

    /// <summary>The header that carries the key.</summary>
    public string HeaderName => options.CurrentValue.HeaderName;

    /// <summary>Decides whether <paramref name="request"/> may use an endpoint with the given access.</summary>
    /// <param name="request">The request.</param>
    /// <param name="access">What the endpoint does.</param>
    /// <returns>Whether the request may proceed, and if not, why.</returns>
    public ApiKeyCheck Check(HttpRequest request, PoetAccess access)
    {
        var current = options.CurrentValue;
        if (access == PoetAccess.Read && current.AllowAnonymousReads)
        {
            return ApiKeyCheck.Allowed;
        }

        return Check(request, current);
    }

    /// <summary>Whether the request carries the right key, whatever the endpoint (used for health details).</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when the key matches or reads are open.</returns>
    public bool MayRead(HttpRequest request) => Check(request, PoetAccess.Read) == ApiKeyCheck.Allowed;

    private ApiKeyCheck Check(HttpRequest request, PoetEndpointOptions current)
    {
        var headerValues = request.Headers[current.HeaderName];
        string? presented;
        if (headerValues.Count > 1)
        {
            return ApiKeyCheck.Wrong;
        }
        else if (headerValues.Count == 1)
        {
            presented = headerValues[0];
        }
        else
        {
            var authorization = request.Headers[HeaderNames.Authorization];
            presented = authorization.Count == 1 && authorization[0] is { } value && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                ? value[BearerPrefix.Length..]
                : null;
        }

        if (string.IsNullOrWhiteSpace(presented))
        {
            return ApiKeyCheck.Missing;
        }

        var expected = Expected(current.ApiKey);
        if (expected is null)
        {
            return ApiKeyCheck.Wrong; // no key configured: nobody gets in (startup validation normally prevents this)
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented.Trim()), presentedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, expected.Hash) ? ApiKeyCheck.Allowed : ApiKeyCheck.Wrong;
    }

    private ExpectedKey? Expected(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var cached = _expected;
        if (cached is not null && ReferenceEquals(cached.Source, configured))
        {
            return cached;
        }

        cached = new ExpectedKey(configured, SHA256.HashData(Encoding.UTF8.GetBytes(configured.Trim())));
        _expected = cached;
        return cached;
    }

    private sealed record ExpectedKey(string Source, byte[] Hash);
}
