using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Poet.Interception;

namespace Poet;

/// <summary><c>services.AddHealthChecks().AddPoet()</c>: POET's store and service connection as health checks.</summary>
public static class PoetHealthChecksBuilderExtensions
{
    /// <summary>The name of the check that the local store answers.</summary>
    public const string StoreCheckName = "poet-store";

    /// <summary>The name of the check that the POET service answers (remote mode).</summary>
    public const string ServiceCheckName = "poet-service";

    /// <summary>
    /// Adds <c>poet-store</c> (local mode: the store lists functions and answers an execution lookup) and
    /// <c>poet-service</c> (remote mode: the POET service answers), tagged <c>poet</c>; the one that does not apply to
    /// the mode in use reports healthy. Works with either container (<c>services.AddPoet()</c> or Autofac's
    /// <c>builder.AddPoet()</c>). Map them with <c>app.MapHealthChecks("/healthz")</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="failureStatus">What a failing check reports (default <see cref="HealthStatus.Unhealthy"/>).</param>
    /// <param name="timeout">How long a check may take (default 5 s).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddPoet(this IHealthChecksBuilder builder, HealthStatus? failureStatus = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var limit = timeout ?? TimeSpan.FromSeconds(5);
        string[] tags = ["poet"];
        builder.Add(new HealthCheckRegistration(StoreCheckName, sp => new PoetHealthCheck(sp, PoetHealthCheck.Kind.Store), failureStatus, tags, limit));
        builder.Add(new HealthCheckRegistration(ServiceCheckName, sp => new PoetHealthCheck(sp, PoetHealthCheck.Kind.Service), failureStatus, tags, limit));
        return builder;
    }
}
