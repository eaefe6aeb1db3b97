namespace Poet;

/// <summary>A remote POET service could not be reached or refused a request; the message names the URL and the cause.</summary>
public sealed class PoetServiceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoetServiceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The URL and the cause.</param>
    public PoetServiceException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The URL and the cause.</param>
    /// <param name="innerException">The cause.</param>
    public PoetServiceException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
