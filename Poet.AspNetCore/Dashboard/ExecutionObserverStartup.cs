using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Poet.AspNetCore.Dashboard;

/// <summary>
/// Starts watching executions when the application starts, unless the dashboard is turned off
/// (<see cref="PoetEndpointOptions.EnableDashboard"/>): then POET calls create no activity for it and cost nothing more.
/// </summary>
/// <param name="observer">The observer.</param>
/// <param name="options">The endpoints' options (validated when the application starts).</param>
internal sealed class ExecutionObserverStartup(ExecutionObserver observer, IOptions<PoetEndpointOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.EnableDashboard)
        {
            observer.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
