using System.Collections.Concurrent;
using System.Reflection;
using Castle.DynamicProxy;
using Microsoft.Extensions.Logging;

namespace Poet.Interception;

/// <summary>
/// A container's POET machinery as the interceptor sees it: options, domains, the function catalog, the recorder,
/// result links, logging, and the cache of compiled methods (one <see cref="PoetMethod"/> per interface method).
/// </summary>
internal sealed class PoetRuntime
{
    private readonly ConcurrentDictionary<MethodInfo, PoetMethod?> _methods = new();
    private readonly ConcurrentDictionary<Type, bool> _prepared = new();

    /// <summary>Creates the runtime from the container's POET services.</summary>
    public PoetRuntime(
        PoetOptions options,
        DomainCatalog domains,
        IFunctionCatalog catalog,
        IExecutionRecorder recorder,
        ExecutionLinks links,
        ILoggerFactory loggerFactory)
    {
        Options = options;
        Domains = domains;
        Catalog = catalog;
        Recorder = recorder;
        CallRecorder = recorder as ICallRecorder;
        Links = links;
        Logger = loggerFactory.CreateLogger("Poet.Interception");
        Errors = new InternalErrors(Logger);
    }

    /// <summary>The options.</summary>
    public PoetOptions Options { get; }

    /// <summary>The domain templates.</summary>
    public DomainCatalog Domains { get; }

    /// <summary>Registers functions and serves their current versions.</summary>
    public IFunctionCatalog Catalog { get; }

    /// <summary>Takes execution records.</summary>
    public IExecutionRecorder Recorder { get; }

    /// <summary>The recorder's direct path for calls, when it has one (the recorder serializes the call itself).</summary>
    public ICallRecorder? CallRecorder { get; }

    /// <summary>Links results to their executions.</summary>
    public ExecutionLinks Links { get; }

    /// <summary>The interceptor's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Counts and logs POET's own failures.</summary>
    public InternalErrors Errors { get; }

    /// <summary>The compiled method for an invocation, or null when it passes straight through.</summary>
    /// <param name="invocation">Castle's invocation.</param>
    /// <returns>The compiled method.</returns>
    public PoetMethod? GetMethod(IInvocation invocation)
    {
        var method = invocation.Method;
        if (method.IsGenericMethodDefinition)
        {
            method = invocation.GetConcreteMethod();
        }

        return _methods.TryGetValue(method, out var compiled) ? compiled : _methods.GetOrAdd(method, m => PoetMethodFactory.Create(this, m));
    }

    /// <summary>
    /// Compiles every POET method of an interface (and its base interfaces) once, so that attribute mistakes fail
    /// when the service is resolved rather than on some later call. Generic methods compile on first call.
    /// </summary>
    /// <param name="interfaceType">The service interface.</param>
    /// <exception cref="InvalidOperationException">An attribute is inconsistent; the message says how to fix it.</exception>
    public void Prepare(Type interfaceType)
    {
        if (_prepared.ContainsKey(interfaceType))
        {
            return;
        }

        foreach (var type in interfaceType.GetInterfaces().Append(interfaceType))
        {
            foreach (var method in type.GetMethods())
            {
                if (!method.IsGenericMethodDefinition)
                {
                    _methods.GetOrAdd(method, m => PoetMethodFactory.Create(this, m));
                }
            }
        }

        _prepared.TryAdd(interfaceType, true);
    }

    /// <summary>
    /// Registers the POET functions of <paramref name="interfaceTypes"/> with the catalog now (start-up), so the first
    /// call neither writes version 1 nor waits for it. Failures are counted and logged like any catalog failure; calls
    /// then register on first use.
    /// </summary>
    /// <param name="interfaceTypes">Interfaces already passed to <see cref="Prepare"/>.</param>
    /// <returns>How many POET functions they have.</returns>
    public int Register(IEnumerable<Type> interfaceTypes)
    {
        var count = 0;
        foreach (var interfaceType in interfaceTypes)
        {
            foreach (var type in interfaceType.GetInterfaces().Append(interfaceType))
            {
                foreach (var method in type.GetMethods())
                {
                    if (!method.IsGenericMethodDefinition && _methods.TryGetValue(method, out var compiled) && compiled is not null)
                    {
                        compiled.CurrentLearned();
                        count++;
                    }
                }
            }
        }

        return count;
    }
}
