namespace Poet;

/// <summary>
/// Marks a method parameter whose value must never leave the process: it is redacted in execution records
/// and never sent to an LLM or a remote POET service.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class SensitiveAttribute : Attribute
{
    /// <summary>The text that replaces a sensitive value wherever it would be written.</summary>
    public const string RedactedMarker = "***redacted***";
}
