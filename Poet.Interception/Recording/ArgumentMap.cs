using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Poet.Interception;

/// <summary>
/// The arguments of one execution as a read-only dictionary over two arrays (names shared per function, values
/// copied per call): one small allocation instead of a hash table per call. Sensitive values are already redacted.
/// </summary>
internal sealed class ArgumentMap : IReadOnlyDictionary<string, object?>
{
    private readonly string[] _names;
    private readonly object?[] _values;

    /// <summary>Creates the map; <paramref name="values"/> is owned by the map from now on.</summary>
    /// <param name="names">The recorded parameter names.</param>
    /// <param name="values">The recorded values, in the same order.</param>
    public ArgumentMap(string[] names, object?[] values)
    {
        _names = names;
        _values = values;
    }

    /// <inheritdoc />
    public int Count => _names.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _names;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values;

    /// <inheritdoc />
    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No argument named '{key}' was recorded.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => Array.IndexOf(_names, key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = Array.IndexOf(_names, key);
        if (index < 0)
        {
            value = null;
            return false;
        }

        value = _values[index];
        return true;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(_names[i], _values[i]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
