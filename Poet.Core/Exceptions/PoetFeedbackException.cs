namespace Poet;

/// <summary>Feedback could not be attached to an execution: the message says what was wrong and how to fix it.</summary>
public sealed class PoetFeedbackException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public PoetFeedbackException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    public PoetFeedbackException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public PoetFeedbackException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
