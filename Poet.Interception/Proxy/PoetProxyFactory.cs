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
    private readonly ProxyActivators _activators;
    private int _activatorLookups;

    /// <summary>Creates the factory.</summary>
    /// <param name="runtime">The container's POET runtime.</param>
    public PoetProxyFactory(PoetRuntime runtime)
    {
        _runtime = runtime;
        _interceptors = [new PoetInterceptor(runtime)];
        _activators = new ProxyActivators(_generator, _options, _interceptors);
    }

    /// <summary>The container's POET runtime.</summary>
    public PoetRuntime Runtime => _runtime;

    /// <summary>How many proxy shapes are created through a compiled constructor (for tests).</summary>
    internal int CompiledProxyShapes => _activators.Compiled;

    /// <summary>How many proxy constructors were looked up after the checks (for tests: callers keep what they get).</summary>
    internal int ActivatorLookups => Volatile.Read(ref _activatorLookups);

    /// <summary>
    /// The proxy constructor for instances of <paramref name="targetType"/> activated by <paramref name="registration"/>,
    /// after the checks of <see cref="ActivatorFor(Type[], Type)"/> and that its interfaces are exposed as interfaces
    /// only; a caller that keeps it pays neither the checks nor the lookups again.
    /// </summary>
    /// <param name="registration">A registration marked by <c>EnablePoet()</c>.</param>
    /// <param name="targetType">The type of the instances it activates.</param>
    /// <returns>A function from an activated instance to its proxy.</returns>
    /// <exception cref="InvalidOperationException">The registration is not exposed as interfaces only, or the type does not implement them.</exception>
    public Func<object, object> ActivatorFor(IComponentRegistration registration, Type targetType) => ActivatorFor(InterfacesOf(registration), targetType);

    /// <summary>
    /// The proxy constructor for instances of <paramref name="targetType"/> behind <paramref name="interfaces"/> (the first
    /// is the proxy's main interface), after checking that the type implements each of them (and compiling each on first
    /// use, as <see cref="Prepare"/> does); a caller that keeps it pays neither the checks nor the lookups again.
    /// </summary>
    /// <param name="interfaces">The interfaces, the first one the proxy's main interface.</param>
    /// <param name="targetType">The type of the instances.</param>
    /// <returns>A function from an instance to its proxy.</returns>
    /// <exception cref="InvalidOperationException">The type does not implement one of the interfaces.</exception>
    public Func<object, object> ActivatorFor(Type[] interfaces, Type targetType)
    {
        Interlocked.Increment(ref _activatorLookups);
        foreach (var type in interfaces)
        {
            _runtime.Prepare(type); // once per interface: attribute mistakes fail at the first resolve
            if (!type.IsAssignableFrom(targetType))
            {
                throw new InvalidOperationException(
                    $"EnablePoet(): the instance of {targetType.FullName} does not implement {type.FullName}, which its registration exposes.");
            }
        }

        return _activators.For(interfaces, targetType);
    }

    /// <summary>
    /// Compiles the POET methods of <paramref name="interfaces"/> (so attribute mistakes fail now) and generates their
    /// proxy type, so the first resolve and the first call pay neither. Start-up (<see cref="PoetStartup"/>) calls it.
    /// </summary>
    /// <param name="interfaces">The interfaces a proxy will implement; the first is its main interface.</param>
    /// <exception cref="InvalidOperationException">An attribute is inconsistent; the message says how to fix it.</exception>
    public void Prepare(Type[] interfaces)
    {
        foreach (var type in interfaces)
        {
            _runtime.Prepare(type);
        }

        var additional = interfaces.Length == 1 ? Type.EmptyTypes : interfaces[1..];
        _generator.ProxyBuilder.CreateInterfaceProxyTypeWithTargetInterface(interfaces[0], additional, _options);
    }

    /// <summary>The interface services of an Autofac registration, checked and prepared (cached per registration).</summary>
    /// <param name="registration">A registration marked by <c>EnablePoet()</c>.</param>
    /// <returns>The interfaces.</returns>
    public Type[] InterfacesOf(IComponentRegistration registration) =>
        _interfaces.GetOrAdd(registration.Id, _ => ServiceInterfaces(registration));

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
