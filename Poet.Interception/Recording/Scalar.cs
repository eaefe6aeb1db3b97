namespace Poet.Interception;

/// <summary>The kinds of values a record copies out of their boxes at the call.</summary>
internal enum ScalarKind : byte
{
    /// <summary>Not copied: the record keeps a reference to the value.</summary>
    None,

    /// <summary>A <see cref="double"/>.</summary>
    Double,

    /// <summary>An <see cref="int"/>.</summary>
    Int32,

    /// <summary>A <see cref="long"/>.</summary>
    Int64,

    /// <summary>A <see cref="bool"/>.</summary>
    Boolean,
}

/// <summary>
/// A number or boolean argument (or result) copied out of Castle's box into the pooled record at the call, so a queued
/// record holds no reference to the young box: the box dies with the call instead of being promoted (and copied) by
/// every young collection that happens while the record waits for the writer.
/// </summary>
internal readonly struct Scalar
{
    private readonly long _bits;

    private Scalar(ScalarKind kind, long bits)
    {
        Kind = kind;
        _bits = bits;
    }

    /// <summary>What the scalar holds (<see cref="ScalarKind.None"/> when nothing was copied).</summary>
    public ScalarKind Kind { get; }

    /// <summary>The kind to copy for values declared as <paramref name="type"/>.</summary>
    /// <param name="type">The declared type.</param>
    /// <returns>The kind, or <see cref="ScalarKind.None"/> for types kept by reference.</returns>
    public static ScalarKind KindOf(Type? type) =>
        type == typeof(double) ? ScalarKind.Double
        : type == typeof(int) ? ScalarKind.Int32
        : type == typeof(long) ? ScalarKind.Int64
        : type == typeof(bool) ? ScalarKind.Boolean
        : ScalarKind.None;

    /// <summary>Copies <paramref name="value"/> when it is of <paramref name="kind"/>.</summary>
    /// <param name="kind">The declared kind.</param>
    /// <param name="value">The boxed value.</param>
    /// <param name="scalar">The copy, or the empty scalar.</param>
    /// <returns><see langword="false"/> when the value is not of that kind (keep a reference instead).</returns>
    public static bool TryCopy(ScalarKind kind, object? value, out Scalar scalar)
    {
        switch (kind)
        {
            case ScalarKind.Double when value is double d:
                scalar = new Scalar(kind, BitConverter.DoubleToInt64Bits(d));
                return true;
            case ScalarKind.Int32 when value is int i:
                scalar = new Scalar(kind, i);
                return true;
            case ScalarKind.Int64 when value is long l:
                scalar = new Scalar(kind, l);
                return true;
            case ScalarKind.Boolean when value is bool b:
                scalar = new Scalar(kind, b ? 1 : 0);
                return true;
            default:
                scalar = default;
                return false;
        }
    }

    /// <summary>Writes the value as the log writes a value of its type (non-finite doubles as strings).</summary>
    /// <param name="line">The line, where a value is expected.</param>
    public void Write(LineWriter line)
    {
        switch (Kind)
        {
            case ScalarKind.Double:
                line.Number(BitConverter.Int64BitsToDouble(_bits));
                break;
            case ScalarKind.Boolean:
                line.Boolean(_bits != 0);
                break;
            case ScalarKind.None:
                line.Null();
                break;
            default:
                line.Number(_bits);
                break;
        }
    }
}
