using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Poet.Interception;

/// <summary>
/// Reports failures of POET's own machinery (catalog, recorder, links, telemetry): every failure is counted in
/// <see cref="PoetTelemetry.InternalErrors"/> (tag <c>poet.component</c>), the first one per component is logged and
/// later ones at most once a minute, so a broken store cannot flood the log. Never throws.
/// </summary>
internal sealed class InternalErrors(ILogger logger)
{
    /// <summary>Tag name for the failing component.</summary>
    public const string ComponentTag = "poet.component";

    private static readonly long LogInterval = Stopwatch.Frequency * 60;
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    /// <summary>Counts and (rate-limited) logs a failure.</summary>
    /// <param name="component">The failing component, for example <c>recorder</c>.</param>
    /// <param name="exception">The failure.</param>
    public void Report(string component, Exception exception)
    {
        try
        {
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>(ComponentTag, component));
            var state = _states.GetOrAdd(component, static _ => new State());
            var count = Interlocked.Increment(ref state.Count);
            var now = Stopwatch.GetTimestamp();
            var last = Interlocked.Read(ref state.LastLogged);
            if ((count == 1 || now - last >= LogInterval) && Interlocked.CompareExchange(ref state.LastLogged, now, last) == last)
            {
                InterceptionLog.InternalError(logger, component, count, exception);
            }
        }
        catch (Exception)
        {
            // Reporting must never break the call either.
        }
    }

    private sealed class State
    {
        public long Count;
        public long LastLogged;
    }
}
