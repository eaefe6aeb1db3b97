using Autofac;
using Microsoft.Extensions.Logging;
using Poet.Remote;

namespace Poet.Tests.Remote;

/// <summary>An Autofac container with remote mode registered (what AddPoet does when UseService is set), plus captured logs.</summary>
internal sealed class RemoteClient : IAsyncDisposable
{
    private RemoteClient(IContainer container, LogCapture logs)
    {
        Container = container;
        Logs = logs;
    }

    public IContainer Container { get; }

    public LogCapture Logs { get; }

    public RemoteFunctionCatalog Catalog => Container.Resolve<RemoteFunctionCatalog>();

    public RemoteExecutionRecorder Recorder => Container.Resolve<RemoteExecutionRecorder>();

    public IPoetFeedback Feedback => Container.Resolve<IPoetFeedback>();

    public IPoetFunctions Functions => Container.Resolve<IPoetFunctions>();

    public ExecutionLinks Links => Container.Resolve<ExecutionLinks>();

    public static RemoteClient Create(RemoteClientOptions options, Func<HttpMessageHandler>? handler = null)
    {
        var logs = new LogCapture();
        var builder = new ContainerBuilder();
        builder.RegisterInstance(LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information))).As<ILoggerFactory>();
        RemoteServices.RegisterRemoteServices(builder, options, handler);
        return new RemoteClient(builder.Build(), logs);
    }

    public ValueTask DisposeAsync() => Container.DisposeAsync();
}
