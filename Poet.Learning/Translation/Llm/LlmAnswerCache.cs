using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Poet;

/// <summary>
/// A bounded least-recently-used cache of translated signals by (function, version, normalized feedback), so
/// repeated identical complaints do not call the model again. Thread-safe.
/// </summary>
internal sealed class LlmAnswerCache
{
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<(string Key, LearningSignal Signal)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, LearningSignal Signal)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Creates the cache.</summary>
    /// <param name="capacity">The most entries kept (0 = cache nothing).</param>
    public LlmAnswerCache(int capacity) => _capacity = Math.Max(0, capacity);

    /// <summary>The number of cached entries.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The cache key: function id, version, and the feedback normalized (text trimmed, whitespace collapsed,
    /// lower-cased; rating rounded to 3 decimals; label lower-cased; fields sorted), hashed with SHA-256 so the
    /// cache holds neither large nor sensitive feedback text.
    /// </summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version the feedback is translated against.</param>
    /// <param name="feedback">The feedback.</param>
    /// <returns>The key.</returns>
    public static string KeyFor(string functionId, int version, NormalizedFeedback feedback)
    {
        var key = new StringBuilder();
        key.Append(functionId).Append('\u001f').Append(version.ToString(CultureInfo.InvariantCulture)).Append('\u001f');
        key.Append(Normalize(feedback.Text)).Append('\u001f');
        key.Append(feedback.Rating is { } rating ? Math.Round(rating, 3).ToString("R", CultureInfo.InvariantCulture) : "-").Append('\u001f');
        key.Append(Normalize(feedback.Label)).Append('\u001f');
        foreach (var (name, value) in feedback.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            key.Append(Normalize(name)).Append('=').Append(Normalize(value)).Append('\u001e');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
    }

    /// <summary>Looks up a key and marks it recently used.</summary>
    /// <param name="key">The key.</param>
    /// <param name="signal">The cached signal.</param>
    /// <returns>Whether the key was cached.</returns>
    public bool TryGet(string key, out LearningSignal? signal)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                signal = node.Value.Signal;
                return true;
            }
        }

        signal = null;
        return false;
    }

    /// <summary>Stores a signal, evicting the least recently used entry when full.</summary>
    /// <param name="key">The key.</param>
    /// <param name="signal">The signal.</param>
    public void Set(string key, LearningSignal signal)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _order.Remove(existing);
                _entries.Remove(key);
            }

            var node = _order.AddFirst((key, signal));
            _entries[key] = node;
            while (_entries.Count > _capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    private static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
