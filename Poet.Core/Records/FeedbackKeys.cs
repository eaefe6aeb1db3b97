using System.Security.Cryptography;
using System.Text;

namespace Poet;

/// <summary>
/// Idempotency keys of feedback. Every feedback has one: the key its sender gave (a ticket id, a row's
/// <c>feedback_id</c>, the <c>Idempotency-Key</c> header), or one derived from the execution id and the payload.
/// A feedback's id is derived from its key, so the same key always names the same feedback record and feedback
/// already applied is found (and not applied again) in every store.
/// </summary>
public static class FeedbackKeys
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxLength = 200;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The key of feedback whose sender gave none: the execution id and a hash of the payload's JSON.</summary>
    /// <param name="executionId">The execution the feedback is about.</param>
    /// <param name="payloadJson">The payload as stored (JSON).</param>
    /// <returns>A key such as <c>01J...:sha256:3f2a...</c>; the same payload on the same execution gives the same key.</returns>
    public static string Derive(ExecutionId executionId, string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(payloadJson);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(payloadJson));
        return $"{executionId.Value}:sha256:{Convert.ToHexStringLower(hash.AsSpan(0, 16))}";
    }

    /// <summary>Checks a key given by a caller.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key, trimmed.</returns>
    /// <exception cref="ArgumentException">The key is empty, longer than <see cref="MaxLength"/> or holds control characters.</exception>
    public static string Validate(string key) =>
        Problem(key) is { } problem ? throw new ArgumentException(problem, nameof(key)) : key.Trim();

    /// <summary>What is wrong with a key given by a caller, or null when it is valid.</summary>
    /// <param name="key">The key.</param>
    /// <returns>A message that says what is wrong and how to fix it, or null.</returns>
    public static string? Problem(string? key)
    {
        var trimmed = key?.Trim();
        return string.IsNullOrEmpty(trimmed)
            ? "The idempotency key is empty: give a key that names this feedback (such as a ticket id), or none to derive one from the execution id and the payload."
            : trimmed.Length > MaxLength
            ? $"The idempotency key has {trimmed.Length} characters; at most {MaxLength} are allowed (use a ticket id or a hash)."
            : trimmed.Any(char.IsControl)
            ? "The idempotency key holds control characters (tabs, line breaks); use printable characters only."
            : null;
    }

    /// <summary>The feedback id that belongs to a key: 26 characters in the execution id format, the same for the same key.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <returns>The feedback id (parses as an <see cref="ExecutionId"/>; its time prefix is not a time).</returns>
    public static string IdFor(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var high = BitConverter.ToUInt64(hash);
        var low = BitConverter.ToUInt64(hash[8..]);
        return string.Create(ExecutionId.Length, (high, low), static (chars, state) =>
        {
            // 128 bits, five per character from the end; the first character keeps the 3 bits the id format allows.
            var (h, l) = state;
            for (var i = chars.Length - 1; i > 0; i--)
            {
                chars[i] = Alphabet[(int)(l & 31)];
                l = (l >> 5) | ((h & 31) << 59);
                h >>= 5;
            }

            chars[0] = Alphabet[(int)(h & 7)];
        });
    }
}
