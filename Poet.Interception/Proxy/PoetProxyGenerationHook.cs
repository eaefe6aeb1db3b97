using System.Reflection;
using Castle.DynamicProxy;

namespace Poet.Interception;

/// <summary>
/// Tells Castle to intercept only POET methods: every other method of a POET proxy forwards straight to the
/// target, at no cost beyond the proxy's own call.
/// </summary>
internal sealed class PoetProxyGenerationHook : IProxyGenerationHook
{
    /// <summary>The shared instance (the hook has no state; all instances are equal, which Castle's type cache needs).</summary>
    public static readonly PoetProxyGenerationHook Instance = new();

    /// <inheritdoc />
    public void MethodsInspected()
    {
    }

    /// <inheritdoc />
    public void NonProxyableMemberNotification(Type type, MemberInfo memberInfo)
    {
    }

    /// <inheritdoc />
    public bool ShouldInterceptMethod(Type type, MethodInfo methodInfo) => PoetMethodFactory.FindAttribute(methodInfo) is not null;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PoetProxyGenerationHook;

    /// <inheritdoc />
    public override int GetHashCode() => typeof(PoetProxyGenerationHook).GetHashCode();
}
