namespace Poet;

/// <summary>The POET store cannot be used: the message names the path and the cause.</summary>
public sealed class PoetStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    public PoetStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The path and the cause.</param>
    public PoetStoreException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The path and the cause.</param>
    /// <param name="innerException">The cause.</param>
    public PoetStoreException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
