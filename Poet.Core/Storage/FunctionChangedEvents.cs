using Microsoft.Extensions.Logging;

namespace Poet;

/// <summary>
/// Raises <see cref="IFunctionStore.Changed"/> for a store: every handler runs, and one that throws is logged and never
/// stops the others or the write that raised the event.
/// </summary>
internal static partial class FunctionChangedEvents
{
    /// <summary>Calls each handler with the function's new current version.</summary>
    /// <param name="handlers">The store's <c>Changed</c> delegate (nothing happens when it is <see langword="null"/>).</param>
    /// <param name="store">The store raising the event (the handlers' sender).</param>
    /// <param name="functionId">The function whose current version changed.</param>
    /// <param name="version">Its current version now.</param>
    /// <param name="logger">Where a failing handler is logged.</param>
    public static void Raise(EventHandler<FunctionChangedEventArgs>? handlers, IFunctionStore store, string functionId, int version, ILogger logger)
    {
        if (handlers is null)
        {
            return;
        }

        var args = new FunctionChangedEventArgs(functionId, version);
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<FunctionChangedEventArgs>>())
        {
            try
            {
                handler(store, args);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(logger, functionId, version, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "POET store: a Changed handler failed for '{FunctionId}' v{Version}")]
    private static partial void LogHandlerFailed(ILogger logger, string functionId, int version, Exception exception);
}
