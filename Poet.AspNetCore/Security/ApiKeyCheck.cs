namespace Poet.AspNetCore.Security;

/// <summary>The result of checking a request's API key.</summary>
internal enum ApiKeyCheck
{
    /// <summary>The request may proceed.</summary>
    Allowed,

    /// <summary>No key was sent (401).</summary>
    Missing,

    /// <summary>A key was sent but it is not the configured one (403).</summary>
    Wrong,
}
