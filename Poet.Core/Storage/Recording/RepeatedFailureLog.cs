using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Poet;

/// <summary>
/// Logs a failure that can repeat many times a second (a store that cannot be written fails every batch): the first
/// failure at once, then at most once per interval with how many failures and records the silence covered, and once
/// when the work succeeds again. Used by one thread (the recorder's writer).
/// </summary>
internal sealed class RepeatedFailureLog
{
    private readonly ILogger _logger;
    private readonly string _what;
    private readonly long _interval;
    private long _lastReport;
    private long _failures;
    private long _records;
    private bool _failing;

    /// <summary>Creates the log of one kind of work.</summary>
    /// <param name="logger">Where the reports go.</param>
    /// <param name="what">The work, as the reports name it (for example "writing execution records").</param>
    /// <param name="interval">At most one failure report per this interval.</param>
    public RepeatedFailureLog(ILogger logger, string what, TimeSpan interval)
    {
        _logger = logger;
        _what = what;
        _interval = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Failure reports written since the start (what tests and health read).</summary>
    public int Reports { get; private set; }

    /// <summary>Counts one failure; logs it when it is the first or the last report is older than the interval.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="records">Records the failure dropped (0 for work that carries none).</param>
    public void Failed(Exception exception, long records)
    {
        _failures++;
        _records += records;
        var now = Stopwatch.GetTimestamp();
        if (Reports > 0 && now - _lastReport < _interval)
        {
            return;
        }

        _logger.LogError(
            exception,
            "POET recorder: {What} failed {Failures} time(s) since the last report, dropping {Records} record(s); it is retried. While it keeps failing this is logged at most once every {IntervalSeconds} s",
            _what, _failures, _records, _interval / Stopwatch.Frequency);
        Reports++;
        _lastReport = now;
        _failures = 0;
        _records = 0;
        _failing = true;
    }

    /// <summary>Notes a success; after a logged failure, says once that the work goes on again.</summary>
    public void Succeeded()
    {
        if (!_failing)
        {
            return;
        }

        _failing = false;
        _logger.LogWarning(
            "POET recorder: {What} works again ({Failures} more failure(s) and {Records} dropped record(s) since the last report)",
            _what, _failures, _records);
        _failures = 0;
        _records = 0;
    }
}
