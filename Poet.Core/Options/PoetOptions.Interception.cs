namespace Poet;

/// <summary>Interception settings of <see cref="PoetOptions"/>: how Operate retries.</summary>
public sealed partial class PoetOptions
{
    private TimeSpan _retryBaseDelay = TimeSpan.FromMilliseconds(50);
    private int _maxAbandonedAttempts = 16;

    /// <summary>
    /// How many attempts of one function may still run after passing their <see cref="PoetAttribute.TimeoutMs"/>
    /// (default 16). A function with a timeout runs each attempt off the caller's thread, so the caller gets
    /// <see cref="PoetTimeoutException"/> at the deadline even when the method cannot be cancelled (synchronous,
    /// without or ignoring its <see cref="CancellationToken"/>); such an attempt is abandoned and keeps its thread until
    /// it ends. At this bound, new calls of the function fail at once with <see cref="PoetTimeoutException"/> until one ends.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 10,000.</exception>
    public int MaxAbandonedAttempts
    {
        get => _maxAbandonedAttempts;
        set
        {
            if (value is < 1 or > 10_000)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxAbandonedAttempts must be between 1 and 10,000, for example 16.");
            }

            _maxAbandonedAttempts = value;
        }
    }

    /// <summary>
    /// When <see langword="true"/>, resolving a service fails if one of its methods has a <see cref="PoetAttribute.TimeoutMs"/>
    /// but no <see cref="CancellationToken"/> parameter (work that can never be told to stop), instead of abandoning such
    /// attempts at the deadline (see <see cref="MaxAbandonedAttempts"/>). Default <see langword="false"/>.
    /// </summary>
    public bool RefuseUncancellableTimeouts { get; set; }

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
