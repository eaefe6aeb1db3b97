using System.Text.Json;
using System.Text.RegularExpressions;

namespace Poet.AspNetCore.Endpoints;

/// <summary>
/// Turns recorded values (objects in memory, or JSON read back from the log) into JSON safely: values that cannot
/// be serialized become a marker instead of failing the response, and arguments whose names look like secrets are
/// redacted again, in case a record slipped through without its <see cref="SensitiveAttribute"/> redaction.
/// </summary>
internal static partial class JsonValues
{
    private static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);
    private static readonly JsonElement Redacted = JsonSerializer.SerializeToElement(SensitiveAttribute.RedactedMarker);

    /// <summary>A recorded value as JSON.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON value, or a string marker when it cannot be serialized.</returns>
    public static JsonElement ToElement(object? value)
    {
        switch (value)
        {
            case null:
                return Null;
            case JsonElement element:
                return element;
        }

        try
        {
            return JsonSerializer.SerializeToElement(value, value.GetType(), PoetJson.Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return JsonSerializer.SerializeToElement($"<{value.GetType().Name}: not serializable as JSON>");
        }
    }

    /// <summary>A recorded argument as JSON, redacted when its name looks like a secret.</summary>
    /// <param name="name">The parameter's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement ToArgument(string name, object? value) =>
        value is not null && LooksSecret(name) ? Redacted : ToElement(value);

    /// <summary>Whether a parameter name suggests a secret (password, token, api key, ...).</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> for secret-looking names.</returns>
    public static bool LooksSecret(string name) => SecretName().IsMatch(name);

    [GeneratedRegex("pass(word|wd|phrase)?$|secret|token|api_?key|credential|private_?key|connection_?string", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
