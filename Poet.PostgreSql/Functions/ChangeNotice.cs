namespace Poet.PostgreSql.Functions;

/// <summary>
/// The payload of a <c>poet_changes</c> notification, sent when a process changes something other instances cache:
/// <c>{origin}:{kind}:{function id}</c>. The origin names the store instance that made the change, so an instance
/// ignores its own notices (it already updated its cache).
/// </summary>
/// <param name="Origin">The store instance that made the change (see <see cref="NewOrigin"/>).</param>
/// <param name="Kind">What changed: <see cref="Feedback"/> or <see cref="TrainSpec"/>.</param>
/// <param name="FunctionId">The function.</param>
internal sealed record ChangeNotice(string Origin, char Kind, string FunctionId)
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "poet_changes";

    /// <summary>Kind: a feedback record of the function was stored or updated.</summary>
    public const char Feedback = 'f';

    /// <summary>Kind: a train spec of the function was replaced.</summary>
    public const char TrainSpec = 't';

    /// <summary>A new store instance's origin: 32 hex digits, no colon.</summary>
    /// <returns>The origin.</returns>
    public static string NewOrigin() => Guid.NewGuid().ToString("N");

    /// <summary>The SQL expression that builds the payload; <c>$origin</c> and <c>$function</c> are SQL expressions.</summary>
    /// <param name="origin">The SQL expression of the origin.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="function">The SQL expression of the function id.</param>
    /// <returns>The SQL expression.</returns>
    public static string PayloadSql(string origin, char kind, string function) => $"{origin} || ':{kind}:' || {function}";

    /// <summary>Parses a payload; null when it is not one of ours.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The notice.</returns>
    public static ChangeNotice? TryParse(string payload)
    {
        var first = payload.IndexOf(':', StringComparison.Ordinal);
        return first <= 0 || payload.Length < first + 4 || payload[first + 2] != ':'
            ? null
            : new ChangeNotice(payload[..first], payload[first + 1], payload[(first + 3)..]);
    }
}
