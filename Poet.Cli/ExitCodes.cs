namespace Poet.Cli;

/// <summary>The exit codes of <c>poet</c> (documented in the README and in <c>poet --help</c>).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Bad usage: unknown command or option, a missing or malformed argument, an unreadable input file.</summary>
    public const int Usage = 1;

    /// <summary>Not found: no such function, version or execution.</summary>
    public const int NotFound = 2;

    /// <summary>The store or the service failed (missing store, I/O error, service down, key refused).</summary>
    public const int StoreOrService = 3;
}
