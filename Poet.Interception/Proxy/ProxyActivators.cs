using System.Collections.Concurrent;
using System.Linq.Expressions;
using Castle.DynamicProxy;

namespace Poet.Interception;

/// <summary>
/// Creates POET proxies through a constructor call compiled once per proxy type. Castle's
/// <see cref="ProxyGenerator.CreateInterfaceProxyWithTarget(Type, Type[], object, ProxyGenerationOptions, IInterceptor[])"/>
/// looks the proxy type up and then constructs it by reflection on every call; a service resolved per request (the
/// default lifetime) paid that on every request.
/// </summary>
internal sealed class ProxyActivators
{
    private readonly ProxyGenerator _generator;
    private readonly ProxyGenerationOptions _options;
    private readonly IInterceptor[] _interceptors;
    private readonly ConcurrentDictionary<ProxyShape, Func<object, object>> _activators = new();
    private int _compiled;

    /// <summary>Creates the activators of one proxy factory.</summary>
    /// <param name="generator">Castle's generator (it builds and caches the proxy types).</param>
    /// <param name="options">The proxy generation options (POET's hook; no mixins, no selector).</param>
    /// <param name="interceptors">The interceptors every proxy gets.</param>
    public ProxyActivators(ProxyGenerator generator, ProxyGenerationOptions options, IInterceptor[] interceptors)
    {
        _generator = generator;
        _options = options;
        _interceptors = interceptors;
    }

    /// <summary>How many proxy shapes are created through a compiled constructor (the rest go through Castle's reflection).</summary>
    internal int Compiled => Volatile.Read(ref _compiled);

    /// <summary>The constructor of proxies of <paramref name="interfaces"/> around instances of <paramref name="target"/>.</summary>
    /// <param name="interfaces">The interfaces, the first one the proxy's main interface.</param>
    /// <param name="target">The target's type, which implements every interface.</param>
    /// <returns>A function from a target to its proxy.</returns>
    public Func<object, object> For(Type[] interfaces, Type target) =>
        _activators.GetOrAdd(new ProxyShape(interfaces, target), static (shape, self) => self.Compile(shape), this);

    private Func<object, object> Compile(ProxyShape shape)
    {
        var primary = shape.Interfaces[0];
        var additional = shape.Interfaces.Length == 1 ? Type.EmptyTypes : shape.Interfaces[1..];
        var type = _generator.ProxyBuilder.CreateInterfaceProxyTypeWithTarget(primary, additional, shape.Target, _options);
        var constructor = type.GetConstructor([typeof(IInterceptor[]), shape.Target]); // Castle's shape: interceptors, then the target
        if (constructor is null)
        {
            return target => _generator.CreateInterfaceProxyWithTarget(primary, additional, target, _options, _interceptors);
        }

        var target = Expression.Parameter(typeof(object), "target");
        var create = Expression.New(constructor, Expression.Constant(_interceptors), Expression.Convert(target, shape.Target));
        Interlocked.Increment(ref _compiled);
        return Expression.Lambda<Func<object, object>>(create, target).Compile();
    }

    /// <summary>The interfaces (compared item by item: callers may pass a new array each time) and the target's type.</summary>
    private readonly struct ProxyShape(Type[] interfaces, Type target) : IEquatable<ProxyShape>
    {
        public Type[] Interfaces { get; } = interfaces;

        public Type Target { get; } = target;

        public bool Equals(ProxyShape other) => Target == other.Target && Interfaces.AsSpan().SequenceEqual(other.Interfaces);

        public override bool Equals(object? obj) => obj is ProxyShape other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Target);
            foreach (var type in Interfaces)
            {
                hash.Add(type);
            }

            return hash.ToHashCode();
        }
    }
}
