using System.Reflection;
using System.Text;

namespace Poet.Interception;

/// <summary>
/// The one place that names POET functions: <c>{InterfaceName}.{MethodName}</c>; overloads get their parameter
/// types as a suffix (<c>IFoo.Run(String,Int32)</c>); generic interfaces and methods read like C#
/// (<c>IRepo&lt;Order&gt;.Get</c>); <see cref="PoetAttribute.Name"/> overrides all of it.
/// </summary>
internal static class FunctionIds
{
    /// <summary>The function id of an interface method.</summary>
    /// <param name="method">The (closed) interface method.</param>
    /// <param name="attribute">The method's effective <see cref="PoetAttribute"/>, if any.</param>
    /// <returns>The function id.</returns>
    public static string For(MethodInfo method, PoetAttribute? attribute)
    {
        if (!string.IsNullOrWhiteSpace(attribute?.Name))
        {
            return attribute.Name.Trim();
        }

        var declaring = method.DeclaringType ?? throw new ArgumentException($"Method {method.Name} has no declaring type.", nameof(method));
        var id = new StringBuilder(TypeName(declaring)).Append('.').Append(method.Name);
        if (method.IsGenericMethod)
        {
            AppendArguments(id, method.GetGenericArguments());
        }

        if (IsOverloaded(declaring, method.Name))
        {
            id.Append('(');
            var parameters = method.GetParameters();
            for (var i = 0; i < parameters.Length; i++)
            {
                if (i > 0)
                {
                    id.Append(',');
                }

                AppendTypeName(id, parameters[i].ParameterType);
            }

            id.Append(')');
        }

        return id.ToString();
    }

    /// <summary>A type's readable C#-like name without namespace: <c>IRepo&lt;Order&gt;</c>, <c>Double[]</c>, <c>Int32?</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The readable name.</returns>
    public static string TypeName(Type type)
    {
        var text = new StringBuilder();
        AppendTypeName(text, type);
        return text.ToString();
    }

    private static bool IsOverloaded(Type declaring, string name)
    {
        var count = 0;
        foreach (var candidate in declaring.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal) && ++count > 1)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendTypeName(StringBuilder text, Type type)
    {
        if (type.IsByRef || type.IsPointer)
        {
            AppendTypeName(text, type.GetElementType()!);
            text.Append(type.IsByRef ? "&" : "*");
            return;
        }

        if (type.IsArray)
        {
            AppendTypeName(text, type.GetElementType()!);
            text.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
            return;
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            AppendTypeName(text, underlying);
            text.Append('?');
            return;
        }

        if (!type.IsGenericType)
        {
            text.Append(type.Name);
            return;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        text.Append(tick < 0 ? name : name[..tick]);
        AppendArguments(text, type.GetGenericArguments());
    }

    private static void AppendArguments(StringBuilder text, Type[] arguments)
    {
        text.Append('<');
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            AppendTypeName(text, arguments[i]);
        }

        text.Append('>');
    }
}
