using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Poet.Remote;

namespace Poet.Interception;

/// <summary>
/// POET's health checks (<c>AddHealthChecks().AddPoet()</c>): <c>poet-store</c> asks the store (local mode) for the
/// function list and an execution lookup; <c>poet-service</c> asks the POET service (remote mode) for its function
/// list. A check that does not apply to the mode in use reports healthy and says so.
/// </summary>
/// <param name="services">The app's services (the check resolves POET's services when it runs, not before).</param>
/// <param name="kind">Which check this is.</param>
internal sealed class PoetHealthCheck(IServiceProvider services, PoetHealthCheck.Kind kind) : IHealthCheck
{
    /// <summary>The two checks.</summary>
    public enum Kind
    {
        /// <summary>The local store answers.</summary>
        Store,

        /// <summary>The POET service answers (remote mode).</summary>
        Service,
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = services.GetService<PoetOptions>();
            if (options is null)
            {
                return HealthCheckResult.Unhealthy("POET is not registered: call services.AddPoet() (or builder.AddPoet() on Autofac).");
            }

            var remote = options.ServiceEndpoint is not null;
            return kind switch
            {
                Kind.Store when remote => HealthCheckResult.Healthy($"Remote mode: the store is the POET service's ({options.ServiceEndpoint})."),
                Kind.Store => await CheckStoreAsync(options, cancellationToken).ConfigureAwait(false),
                _ when !remote => HealthCheckResult.Healthy($"Local mode: no POET service is used (store {options.StorePath})."),
                _ => await CheckServiceAsync(options, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "POET did not answer within the health check's timeout.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }

    private async Task<HealthCheckResult> CheckStoreAsync(PoetOptions options, CancellationToken cancellationToken)
    {
        var functions = services.GetRequiredService<IPoetFunctions>().List();
        var executions = services.GetRequiredService<IExecutionStore>();
        await executions.FindAsync(ExecutionId.New(), cancellationToken).ConfigureAwait(false);
        if (executions is IStoreHealth health && health.HealthProblem() is { } problem)
        {
            throw new PoetStoreException(problem); // answers lookups, but cannot record (unwritable, stalled): the check fails
        }

        return HealthCheckResult.Healthy(
            $"Store {Path.GetFullPath(options.StorePath)} answers: {functions.Count} functions.",
            new Dictionary<string, object> { ["functions"] = functions.Count });
    }

    private async Task<HealthCheckResult> CheckServiceAsync(PoetOptions options, CancellationToken cancellationToken)
    {
        var functions = await services.GetRequiredService<RemoteServiceClient>().ListAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy(
            $"POET service {options.ServiceEndpoint} answers: {functions.Count} functions.",
            new Dictionary<string, object> { ["functions"] = functions.Count });
    }
}
