using Microsoft.Extensions.DependencyInjection;

namespace Poet.Interception;

/// <summary>The service interfaces <c>services.EnablePoet&lt;T&gt;()</c> made POET proxies (start-up prepares them).</summary>
internal sealed class PoetEnabledServices
{
    private readonly List<Type> _types = [];

    /// <summary>The enabled interfaces, in the order they were enabled.</summary>
    public IReadOnlyList<Type> Types => _types;

    /// <summary>The list kept in <paramref name="services"/>, added on first use.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The list.</returns>
    public static PoetEnabledServices In(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(PoetEnabledServices) && descriptor.ImplementationInstance is PoetEnabledServices existing)
            {
                return existing;
            }
        }

        var created = new PoetEnabledServices();
        services.AddSingleton(created);
        return created;
    }

    /// <summary>Whether <paramref name="type"/> is enabled.</summary>
    /// <param name="type">A service interface.</param>
    /// <returns>True when enabled.</returns>
    public bool Contains(Type type) => _types.Contains(type);

    /// <summary>Marks <paramref name="type"/> enabled.</summary>
    /// <param name="type">A service interface.</param>
    public void Add(Type type) => _types.Add(type);
}
