using Autofac;
using Autofac.Core.Resolving.Pipeline;

namespace Poet.Interception;

/// <summary>
/// Resolve middleware added by <c>EnablePoet()</c>: runs at the start of the activation phase, lets the rest of the
/// pipeline activate the target (so the container tracks and disposes the target, never the proxy), then replaces
/// the instance with a POET proxy. Sharing (singleton, per scope) happens outside activation, so lifetimes are unchanged.
/// One instance per registration: it finds the container's proxy factory (a singleton) on its first resolve and keeps
/// it, and the proxy constructor of the type it last activated, so a service resolved per request neither resolves the
/// factory nor looks its proxy type up again each time.
/// </summary>
internal sealed class PoetProxyMiddleware : IResolveMiddleware
{
    /// <summary>The registration metadata key that marks a registration as POET-enabled.</summary>
    public const string MetadataKey = "poet.enabled";

    private PoetProxyFactory? _factory;
    private LastActivator? _last;

    /// <inheritdoc />
    public PipelinePhase Phase => PipelinePhase.Activation;

    /// <inheritdoc />
    public void Execute(ResolveRequestContext context, Action<ResolveRequestContext> next)
    {
        next(context);
        var target = context.Instance;
        if (target is null)
        {
            return;
        }

        var factory = _factory ??= context.ResolveOptional<PoetProxyFactory>()
            ?? throw new InvalidOperationException(
                $"{context.Registration.Activator.LimitType.FullName} is registered with EnablePoet(), but POET is not set up in this container. " +
                "Call builder.AddPoet() on the ContainerBuilder (once, before Build()).");
        var type = target.GetType();
        var last = _last;
        if (last is null || last.Target != type)
        {
            last = new LastActivator(type, factory.ActivatorFor(context.Registration, type));
            _last = last;
        }

        context.Instance = last.Create(target);
    }

    /// <inheritdoc />
    public override string ToString() => "POET proxy";

    /// <summary>The proxy constructor of the last activated type (a registration activates one type, except for delegates).</summary>
    private sealed record LastActivator(Type Target, Func<object, object> Create);
}
