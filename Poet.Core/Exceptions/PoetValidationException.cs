namespace Poet;

/// <summary>
/// Perceive rejected an argument: the message names the parameter, the rule it broke and how to fix the call.
/// Never retried.
/// </summary>
public sealed class PoetValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public PoetValidationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    public PoetValidationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public PoetValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one parameter.</summary>
    /// <param name="message">What was wrong and how to fix it.</param>
    /// <param name="paramName">The parameter that broke the rule.</param>
    /// <param name="rule">The rule's short name, for example <c>not-null</c> or <c>finite</c>.</param>
    public PoetValidationException(string message, string paramName, string rule) : base(message, paramName) => Rule = rule;

    /// <summary>The short name of the rule that was broken.</summary>
    public string Rule { get; } = string.Empty;
}
