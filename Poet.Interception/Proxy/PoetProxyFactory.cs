using System.Collections.Concurrent;
using Autofac.Core;
using Castle.DynamicProxy;

namespace Poet.Interception;

/// <summary>
/// Creates POET proxies for one container: owns the container's <see cref="ProxyGenerator"/> (generated proxy types
/// are cached in it) and its single <see cref="PoetInterceptor"/>.
/// </summary>
internal sealed class PoetProxyFactory
{
    private readonly ProxyGenerator _generator = new();
    private readonly ProxyGenerationOptions _options = new(PoetProxyGenerationHook.Instance);
    private readonly IInterceptor[] _interceptors;
    private readonly PoetRuntime _runtime;
    private readonly ConcurrentDictionary<Guid, Type[]> _interfaces = new();

    /// <summary>Creates the factory.</summary>
    /// <param name="runtime">The container's POET runtime.</param>
    public PoetProxyFactory(PoetRuntime runtime)
    {
        _runtime = runtime;
        _interceptors = [new PoetInterceptor(runtime)];
    }

    /// <summary>Wraps an activated instance in a proxy implementing every interface service of its registration.</summary>
    /// <param name="registration">The registration that activated <paramref name="target"/>.</param>
    /// <param name="target">The activated instance (still owned and disposed by the container).</param>
    /// <returns>The proxy.</returns>
    /// <exception cref="InvalidOperationException">The registration is not exposed as interfaces only, or the target does not implement them.</exception>
    public object CreateProxy(IComponentRegistration registration, object target)
    {
        var interfaces = _interfaces.GetOrAdd(registration.Id, _ => ServiceInterfaces(registration));
        foreach (var type in interfaces)
        {
            if (!type.IsInstanceOfType(target))
            {
                throw new InvalidOperationException(
                    $"EnablePoet(): the instance of {target.GetType().FullName} does not implement {type.FullName}, which its registration exposes.");
            }
        }

        var additional = interfaces.Length == 1 ? Type.EmptyTypes : interfaces[1..];
        return _generator.CreateInterfaceProxyWithTarget(interfaces[0], additional, target, _options, _interceptors);
    }

    private Type[] ServiceInterfaces(IComponentRegistration registration)
    {
        var interfaces = new List<Type>();
        foreach (var service in registration.Services)
        {
            if (service is not IServiceWithType typed)
            {
                continue;
            }

            var type = typed.ServiceType;
            if (!type.IsInterface)
            {
                throw new InvalidOperationException(
                    $"EnablePoet() on {registration.Activator.LimitType.FullName}: POET proxies implement interfaces, but the registration also exposes the class {type.FullName}. " +
                    "Expose it only as interfaces, e.g. builder.RegisterType<MyService>().As<IMyService>().EnablePoet().");
            }

            if (!interfaces.Contains(type))
            {
                interfaces.Add(type);
            }
        }

        if (interfaces.Count == 0)
        {
            throw new InvalidOperationException(
                $"EnablePoet() on {registration.Activator.LimitType.FullName} needs the registration exposed as an interface, e.g. .As<IMyService>().EnablePoet().");
        }

        foreach (var type in interfaces)
        {
            _runtime.Prepare(type);
        }

        return [.. interfaces];
    }
}
