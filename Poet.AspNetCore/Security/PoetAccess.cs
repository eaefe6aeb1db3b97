namespace Poet.AspNetCore.Security;

/// <summary>What an endpoint does, which decides whether it needs the API key.</summary>
internal enum PoetAccess
{
    /// <summary>Reads state; needs the key unless <see cref="PoetEndpointOptions.AllowAnonymousReads"/> is set.</summary>
    Read,

    /// <summary>Changes state (feedback, rollback); always needs the key.</summary>
    Write,
}
