using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Poet.Remote;

/// <summary>Requires the service's API key on every request: 401 when missing, 403 when wrong (compared in constant time).</summary>
internal sealed class ServiceApiKeyFilter(string apiKey, string header) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = request.Headers[header].ToString();
        if (string.IsNullOrEmpty(presented)
            && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization[BearerPrefix.Length..].Trim(); // as on /poet/*
        }

        if (string.IsNullOrEmpty(presented))
        {
            return ValueTask.FromResult<object?>(ServiceProblems.Create(
                StatusCodes.Status401Unauthorized,
                "API key required",
                $"Send the POET service's API key in the {header} header (clients: set {PoetOptions.ServiceApiKeyVariable})."));
        }

        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (!CryptographicOperations.FixedTimeEquals(actual, _expected))
        {
            return ValueTask.FromResult<object?>(ServiceProblems.Create(
                StatusCodes.Status403Forbidden,
                "API key rejected",
                $"The {header} header does not hold this service's API key; set {PoetOptions.ServiceApiKeyVariable} to the key the service was started with."));
        }

        return next(context);
    }
}
