namespace Poet;

/// <summary>Interception settings of <see cref="PoetOptions"/>: how Operate retries.</summary>
public sealed partial class PoetOptions
{
    private TimeSpan _retryBaseDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The median delay before the first retry of any POET function (default 50 ms); later retries back off
    /// exponentially, with jitter. Set <see cref="TimeSpan.Zero"/> to retry at once (useful in tests).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative or longer than one day.</exception>
    public TimeSpan RetryBaseDelay
    {
        get => _retryBaseDelay;
        set
        {
            if (value < TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "RetryBaseDelay must be between 0 and 1 day, for example TimeSpan.FromMilliseconds(50).");
            }

            _retryBaseDelay = value;
        }
    }
}
