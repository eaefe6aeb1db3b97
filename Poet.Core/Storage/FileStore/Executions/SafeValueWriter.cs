using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Poet.Storage.FileStore;

/// <summary>
/// Writes any object a POET call saw (arguments, results) as JSON without ever throwing: large collections are
/// summarized, long strings cut, cycles, too-deep nesting, failing getters and values that make no sense as data
/// (delegates, streams, tasks, reflection objects, handles) are replaced by markers. A marker is an object with a
/// <c>"$poet"</c> property saying what happened, for example
/// <c>{"$poet":"truncated","type":"Double[]","length":100000,"head":[...],"min":0,"max":9,"mean":4.5}</c>.
/// Lazy sequences (LINQ queries, iterators) are never enumerated: that could run user code or never end.
/// </summary>
internal sealed class SafeValueWriter
{
    /// <summary>The name of the property that marks a replaced value.</summary>
    public const string MarkerProperty = "$poet";

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();
    private static readonly ConcurrentDictionary<Type, ValueKind> Kinds = new();
    private static readonly JsonEncodedText MarkerName = JsonEncodedText.Encode(MarkerProperty);
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TruncatedText = JsonEncodedText.Encode("truncated");
    private static readonly JsonEncodedText LengthName = JsonEncodedText.Encode("length");
    private static readonly JsonEncodedText HeadName = JsonEncodedText.Encode("head");
    private static readonly JsonEncodedText MinName = JsonEncodedText.Encode("min");
    private static readonly JsonEncodedText MaxName = JsonEncodedText.Encode("max");
    private static readonly JsonEncodedText MeanName = JsonEncodedText.Encode("mean");

    private readonly RecordedValueLimits _limits;
    private readonly HashSet<object> _path = new(ReferenceEqualityComparer.Instance);
    private long _valueStart;

    /// <summary>Creates a writer with the given limits (one per log writer thread; not thread-safe).</summary>
    /// <param name="limits">The limits.</param>
    public SafeValueWriter(RecordedValueLimits limits) => _limits = limits;

    /// <summary>The limits this writer applies.</summary>
    public RecordedValueLimits Limits => _limits;

    /// <summary>Writes one top-level value (an argument or a result).</summary>
    /// <param name="writer">The JSON writer, positioned where a value is expected.</param>
    /// <param name="value">The value.</param>
    public void WriteValue(Utf8JsonWriter writer, object? value)
    {
        _path.Clear();
        _valueStart = Written(writer);
        Write(writer, value, 0);
    }

    private static long Written(Utf8JsonWriter writer) => writer.BytesCommitted + writer.BytesPending;

    private bool OverBudget(Utf8JsonWriter writer) => Written(writer) - _valueStart > _limits.MaxValueBytes;

    private void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                WriteString(writer, s);
                return;
            case double d:
                WriteDouble(writer, d);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case long l:
                writer.WriteNumberValue(l);
                return;
            case float f:
                WriteDouble(writer, f);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case byte or sbyte or short or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong ul:
                writer.WriteNumberValue(ul);
                return;
            case Half h:
                WriteDouble(writer, (double)h);
                return;
            case char c:
                WriteString(writer, c.ToString());
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case DateTime dt:
                writer.WriteStringValue(dt);
                return;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto);
                return;
            case Guid g:
                writer.WriteStringValue(g);
                return;
            case ExecutionId id:
                writer.WriteStringValue(id.Value);
                return;
            case TimeSpan or DateOnly or TimeOnly or Uri or Version or Int128 or UInt128 or System.Numerics.BigInteger:
                WriteString(writer, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                return;
            case JsonElement element:
                WriteElement(writer, element);
                return;
            case JsonDocument document:
                WriteElement(writer, document.RootElement);
                return;
            case JsonNode node:
                node.WriteTo(writer);
                return;
            case byte[] bytes:
                WriteBytes(writer, bytes);
                return;
            case Exception ex:
                WriteException(writer, ex);
                return;
            case double[] series when series.Length <= _limits.MaxItems && AllFinite(series):
                ShortDoubles.WriteArray(writer, series); // no cycle or depth to watch in an array of numbers
                return;
        }

        var type = value.GetType();
        var kind = Kinds.GetOrAdd(type, Classify);
        if (kind == ValueKind.Opaque)
        {
            WriteMarker(writer, "unserializable", type);
            return;
        }

        if (depth >= _limits.MaxDepth)
        {
            WriteMarker(writer, "depth", type);
            return;
        }

        var isReference = !type.IsValueType;
        if (isReference && !_path.Add(value))
        {
            WriteMarker(writer, "cycle", type);
            return;
        }

        try
        {
            switch (kind)
            {
                case ValueKind.Dictionary:
                    WriteDictionary(writer, (IDictionary)value, depth);
                    break;
                case ValueKind.Pairs:
                    WritePairs(writer, (IEnumerable<KeyValuePair<string, object?>>)value, depth);
                    break;
                case ValueKind.NumericArray:
                    WriteNumericArray(writer, (Array)value);
                    break;
                case ValueKind.Collection:
                    WriteSequence(writer, (IEnumerable)value, value as ICollection, depth);
                    break;
                case ValueKind.Lazy:
                    WriteMarker(writer, "lazy-sequence", type);
                    break;
                default:
                    WriteObject(writer, value, depth);
                    break;
            }
        }
        finally
        {
            if (isReference)
            {
                _path.Remove(value);
            }
        }
    }

    private static ValueKind Classify(Type type)
    {
        if (typeof(Delegate).IsAssignableFrom(type) || typeof(Type).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type)
            || typeof(Assembly).IsAssignableFrom(type) || typeof(Module).IsAssignableFrom(type) || typeof(Stream).IsAssignableFrom(type)
            || typeof(Task).IsAssignableFrom(type) || type == typeof(CancellationToken) || typeof(WaitHandle).IsAssignableFrom(type)
            || typeof(Thread).IsAssignableFrom(type) || typeof(System.Runtime.InteropServices.SafeHandle).IsAssignableFrom(type)
            || type == typeof(IntPtr) || type == typeof(UIntPtr) || typeof(IServiceProvider).IsAssignableFrom(type)
            || typeof(IAsyncResult).IsAssignableFrom(type) || type.IsPointer
            || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ValueTask<>))) || type == typeof(ValueTask))
        {
            return ValueKind.Opaque;
        }

        if (typeof(IDictionary).IsAssignableFrom(type))
        {
            return ValueKind.Dictionary;
        }

        var materialized = IsMaterialized(type);
        if (materialized && typeof(IEnumerable<KeyValuePair<string, object?>>).IsAssignableFrom(type))
        {
            return ValueKind.Pairs;
        }

        if (type == typeof(double[]) || type == typeof(float[]) || type == typeof(int[]) || type == typeof(long[]))
        {
            return ValueKind.NumericArray;
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return materialized ? ValueKind.Collection : ValueKind.Lazy;
        }

        return ValueKind.Object;
    }

    private void WriteString(Utf8JsonWriter writer, string s)
    {
        if (s.Length > _limits.MaxStringChars)
        {
            var keep = _limits.MaxStringChars;
            if (char.IsHighSurrogate(s[keep - 1]))
            {
                keep--;
            }

            s = string.Concat(s.AsSpan(0, keep), string.Create(CultureInfo.InvariantCulture, $"...[truncated by POET: {s.Length} characters in full]"));
        }

        try
        {
            writer.WriteStringValue(s);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be encoded: replace them so the rest of the text survives.
            writer.WriteStringValue(Sanitize(s));
        }
    }

    private static string Sanitize(string s)
    {
        var builder = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                builder.Append(c).Append(s[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsFinite(d))
        {
            ShortDoubles.WriteValue(writer, d);
        }
        else
        {
            writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
            return;
        }

        element.WriteTo(writer);
        _ = OverBudget(writer);
    }

    private void WriteBytes(Utf8JsonWriter writer, byte[] bytes)
    {
        if (bytes.Length <= _limits.MaxStringChars * 3 / 4)
        {
            writer.WriteBase64StringValue(bytes);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(MarkerName, "truncated");
        writer.WriteString(TypeName, "Byte[]");
        writer.WriteNumber("length", bytes.Length);
        writer.WriteBase64String("head", bytes.AsSpan(0, Math.Min(bytes.Length, 48)));
        writer.WriteEndObject();
    }

    private void WriteException(Utf8JsonWriter writer, Exception ex)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeName, ex.GetType().FullName);
        writer.WritePropertyName("message");
        WriteString(writer, SafeText(() => ex.Message));
        writer.WriteEndObject();
    }

    private static void WriteMarker(Utf8JsonWriter writer, string kind, Type type, string? detail = null)
    {
        writer.WriteStartObject();
        writer.WriteString(MarkerName, kind);
        writer.WriteString(TypeName, ReadableName(type));
        if (detail is not null)
        {
            writer.WriteString("detail", detail);
        }

        writer.WriteEndObject();
    }

    private void WriteDictionary(Utf8JsonWriter writer, IDictionary dictionary, int depth)
    {
        writer.WriteStartObject();
        var written = 0;
        try
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (written == _limits.MaxItems || OverBudget(writer))
                {
                    WriteCut(writer, dictionary.Count);
                    break;
                }

                writer.WritePropertyName(SafeName(SafeText(() => Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "null")));
                Write(writer, entry.Value, depth + 1);
                written++;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            writer.WritePropertyName(MarkerName);
            writer.WriteStringValue("error: " + ex.GetType().Name);
        }

        writer.WriteEndObject();
    }

    private void WritePairs(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        writer.WriteStartObject();
        var written = 0;
        try
        {
            foreach (var pair in pairs)
            {
                if (written == _limits.MaxItems || OverBudget(writer))
                {
                    WriteCut(writer, null);
                    break;
                }

                writer.WritePropertyName(SafeName(pair.Key ?? "null"));
                Write(writer, pair.Value, depth + 1);
                written++;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            writer.WritePropertyName(MarkerName);
            writer.WriteStringValue("error: " + ex.GetType().Name);
        }

        writer.WriteEndObject();
    }

    private static void WriteCut(Utf8JsonWriter writer, int? count)
    {
        writer.WritePropertyName(MarkerName);
        writer.WriteStringValue(count is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"truncated: {n} entries in full")
            : "truncated");
    }

    private void WriteNumericArray(Utf8JsonWriter writer, Array array)
    {
        if (array.Length <= _limits.MaxItems && array.Rank == 1)
        {
            if (array is double[] finite && AllFinite(finite))
            {
                ShortDoubles.WriteArray(writer, finite);
                return;
            }

            writer.WriteStartArray();
            switch (array)
            {
                case double[] doubles:
                    foreach (var d in doubles)
                    {
                        WriteDouble(writer, d);
                    }

                    break;
                case float[] floats:
                    foreach (var f in floats)
                    {
                        WriteDouble(writer, f);
                    }

                    break;
                case int[] ints:
                    foreach (var i in ints)
                    {
                        writer.WriteNumberValue(i);
                    }

                    break;
                case long[] longs:
                    foreach (var l in longs)
                    {
                        writer.WriteNumberValue(l);
                    }

                    break;
            }

            writer.WriteEndArray();
            return;
        }

        // Summarize: length, the first items, and min/max/mean over finite values (numbers in the log's own short form).
        var summary = array switch
        {
            double[] doubles => NumericSummary.Of<double>(doubles),
            float[] floats => NumericSummary.Of<float>(floats),
            int[] ints => NumericSummary.Of<int>(ints),
            _ => NumericSummary.Of<long>((long[])array),
        };

        writer.WriteStartObject();
        writer.WriteString(MarkerName, TruncatedText);
        writer.WriteString(TypeName, ReadableName(array.GetType()));
        writer.WriteNumber(LengthName, array.LongLength);
        writer.WriteStartArray(HeadName);
        var head = Math.Min(array.Length, RecordedValueLimits.HeadItems);
        switch (array)
        {
            case double[] doubles:
                WriteHead<double>(writer, doubles.AsSpan(0, head));
                break;
            case float[] floats:
                WriteHead<float>(writer, floats.AsSpan(0, head));
                break;
            case int[] ints:
                WriteHead<int>(writer, ints.AsSpan(0, head));
                break;
            default:
                WriteHead<long>(writer, ((long[])array).AsSpan(0, head));
                break;
        }

        writer.WriteEndArray();
        if (summary.Finite > 0)
        {
            writer.WritePropertyName(MinName);
            WriteDouble(writer, summary.Min);
            writer.WritePropertyName(MaxName);
            WriteDouble(writer, summary.Max);
            writer.WritePropertyName(MeanName);
            WriteDouble(writer, summary.Sum / summary.Finite);
        }

        writer.WriteEndObject();
    }

    private static void WriteHead<T>(Utf8JsonWriter writer, ReadOnlySpan<T> values)
        where T : System.Numerics.INumberBase<T>
    {
        foreach (var value in values)
        {
            WriteDouble(writer, double.CreateSaturating(value));
        }
    }

    private static bool AllFinite(double[] values)
    {
        foreach (var d in values)
        {
            if (!double.IsFinite(d))
            {
                return false;
            }
        }

        return true;
    }

    private void WriteSequence(Utf8JsonWriter writer, IEnumerable sequence, ICollection? collection, int depth)
    {
        var count = collection?.Count;
        if (count > _limits.MaxItems)
        {
            writer.WriteStartObject();
            writer.WriteString(MarkerName, "truncated");
            writer.WriteString(TypeName, ReadableName(sequence.GetType()));
            writer.WriteNumber("length", count.Value);
            writer.WritePropertyName("head");
            WriteItems(writer, sequence, RecordedValueLimits.HeadItems, depth, markMore: false);
            writer.WriteEndObject();
            return;
        }

        WriteItems(writer, sequence, _limits.MaxItems, depth, markMore: true);
    }

    private void WriteItems(Utf8JsonWriter writer, IEnumerable sequence, int maxItems, int depth, bool markMore)
    {
        writer.WriteStartArray();
        var written = 0;
        try
        {
            foreach (var item in sequence)
            {
                if (written == maxItems || OverBudget(writer))
                {
                    if (markMore || written < maxItems)
                    {
                        writer.WriteStartObject();
                        writer.WriteString(MarkerName, "truncated");
                        writer.WriteEndObject();
                    }

                    break;
                }

                Write(writer, item, depth + 1);
                written++;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            WriteMarker(writer, "error", sequence.GetType(), ex.GetType().Name + ": " + SafeText(() => ex.Message));
        }

        writer.WriteEndArray();
    }

    private void WriteObject(Utf8JsonWriter writer, object value, int depth)
    {
        var members = Members.GetOrAdd(value.GetType(), static type => Member.Of(type));
        writer.WriteStartObject();
        foreach (var member in members)
        {
            if (OverBudget(writer))
            {
                writer.WritePropertyName(MarkerName);
                writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"truncated: value exceeded {_limits.MaxValueBytes} bytes"));
                break;
            }

            object? memberValue;
            try
            {
                memberValue = member.Get(value);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var inner = ex is TargetInvocationException { InnerException: { } cause } ? cause : ex;
                writer.WritePropertyName(member.Name);
                WriteMarker(writer, "error", member.Type, inner.GetType().Name + ": " + SafeText(() => inner.Message));
                continue;
            }

            writer.WritePropertyName(member.Name);
            Write(writer, memberValue, depth + 1);
        }

        writer.WriteEndObject();
    }

    private static bool IsMaterialized(Type type)
    {
        if (typeof(ICollection).IsAssignableFrom(type) || type.IsArray)
        {
            return true;
        }

        // Collections of the base library hold their items; anything else (LINQ, iterators, user sequences) may be lazy.
        var ns = type.Namespace;
        return ns is not null && (ns == "System.Collections.Generic" || ns.StartsWith("System.Collections.", StringComparison.Ordinal) || ns == "System.Dynamic");
    }

    private static string SafeText(Func<string> get)
    {
        try
        {
            return get();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return "(" + ex.GetType().Name + ")";
        }
    }

    private static string SafeName(string name) => name.Any(char.IsSurrogate) ? Sanitize(name) : name;

    private static string ReadableName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(",", type.GetGenericArguments().Select(ReadableName)) + ">";
    }

    /// <summary>How a (non-primitive) type is written, decided once per type.</summary>
    private enum ValueKind
    {
        Object,
        Opaque,
        Dictionary,
        Pairs,
        NumericArray,
        Collection,
        Lazy,
    }

    /// <summary>Length-independent facts about a large numeric array.</summary>
    private readonly record struct NumericSummary(double Min, double Max, double Sum, long Finite)
    {
        public static NumericSummary Of<T>(ReadOnlySpan<T> values)
            where T : System.Numerics.INumberBase<T>
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            long finite = 0;
            foreach (var value in values)
            {
                var d = double.CreateSaturating(value);
                if (double.IsFinite(d))
                {
                    min = Math.Min(min, d);
                    max = Math.Max(max, d);
                    sum += d;
                    finite++;
                }
            }

            return new NumericSummary(min, max, sum, finite);
        }
    }

    /// <summary>A readable public property or field of a type, with its JSON name pre-encoded.</summary>
    private sealed class Member
    {
        private readonly PropertyInfo? _property;
        private readonly FieldInfo? _field;

        private Member(PropertyInfo? property, FieldInfo? field)
        {
            _property = property;
            _field = field;
            var name = property?.Name ?? field!.Name;
            Name = JsonEncodedText.Encode(char.ToLowerInvariant(name[0]) + name[1..], JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
            Type = property?.PropertyType ?? field!.FieldType;
        }

        public JsonEncodedText Name { get; }

        public Type Type { get; }

        private Func<object, object?>? _getter;

        public object? Get(object target) => (_getter ??= Compile())(target);

        private Func<object, object?> Compile()
        {
            try
            {
                // A compiled getter is ~10x cheaper than reflection on the writer's hot loop.
                var parameter = System.Linq.Expressions.Expression.Parameter(typeof(object), "target");
                var declaring = (_property?.DeclaringType ?? _field!.DeclaringType)!;
                var typed = System.Linq.Expressions.Expression.Convert(parameter, declaring);
                System.Linq.Expressions.Expression access = _property is not null
                    ? System.Linq.Expressions.Expression.Property(typed, _property)
                    : System.Linq.Expressions.Expression.Field(typed, _field!);
                return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(
                    System.Linq.Expressions.Expression.Convert(access, typeof(object)), parameter).Compile();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return _property is not null ? _property.GetValue : _field!.GetValue;
            }
        }

        public static Member[] Of(Type type)
        {
            var members = new List<Member>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.CanRead && property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0
                    && !property.PropertyType.IsByRefLike && !property.PropertyType.IsPointer)
                {
                    members.Add(new Member(property, null));
                }
            }

            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike)
                {
                    members.Add(new Member(null, field));
                }
            }

            return [.. members];
        }
    }
}
