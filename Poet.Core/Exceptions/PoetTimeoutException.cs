namespace Poet;

/// <summary>The last attempt of a POET call exceeded its per-attempt timeout (<see cref="PoetAttribute.TimeoutMs"/>).</summary>
public sealed class PoetTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public PoetTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which function timed out, after how long.</param>
    public PoetTimeoutException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">Which function timed out, after how long.</param>
    /// <param name="innerException">The cause.</param>
    public PoetTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
