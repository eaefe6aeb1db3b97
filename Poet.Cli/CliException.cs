namespace Poet.Cli;

/// <summary>A failure the command line reports as one message and an exit code (see <see cref="ExitCodes"/>).</summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="exitCode">The exit code.</param>
    /// <param name="message">What was wrong and how to fix it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CliException(int exitCode, string message, Exception? innerException = null) : base(message, innerException) => ExitCode = exitCode;

    /// <summary>The exit code.</summary>
    public int ExitCode { get; }

    /// <summary>Bad usage (exit code 1).</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    /// <returns>The exception.</returns>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>Not found (exit code 2).</summary>
    /// <param name="message">What was not found and how to find it.</param>
    /// <returns>The exception.</returns>
    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);

    /// <summary>Store or service failure (exit code 3).</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    /// <returns>The exception.</returns>
    public static CliException Failed(string message, Exception? innerException = null) => new(ExitCodes.StoreOrService, message, innerException);
}
