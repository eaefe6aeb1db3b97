namespace Poet;

/// <summary>Enforce rejected a result: the message says which rule it broke.</summary>
public sealed class PoetEnforcementException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoetEnforcementException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was wrong with the result.</param>
    public PoetEnforcementException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What was wrong with the result.</param>
    /// <param name="innerException">The cause.</param>
    public PoetEnforcementException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
