namespace Poet.Interception;

/// <summary>
/// The cooperative timeout of a synchronous call's first attempt, which runs before Polly is entered (see
/// <c>PoetCall.RunSync</c>): a cancellation source kept by the call object and reused from call to call, the way
/// Polly's timeout strategy reuses its pooled sources, cancelled at the deadline or when the caller's token is. Polly's
/// timeout decides every later attempt.
/// </summary>
internal sealed class FirstAttemptDeadline : IDisposable
{
    private static readonly Action<object?> CancelSource = static source => ((CancellationTokenSource)source!).Cancel();

    private CancellationTokenSource _source = new();
    private object? _boxedToken;
    private CancellationTokenRegistration _caller;

    /// <summary>Whether the attempt's token was cancelled (at the deadline, or by the caller's token).</summary>
    public bool IsCancellationRequested => _source.IsCancellationRequested;

    /// <summary>
    /// The attempt's token boxed once per source, for the method's argument array: the token of a reused source is the
    /// same token, and a box of it is never written to, so calls share it instead of boxing it each time.
    /// </summary>
    public object BoxedToken => _boxedToken ??= _source.Token;

    /// <summary>Starts the deadline.</summary>
    /// <param name="timeout">The attempt's timeout.</param>
    /// <param name="callerToken">The caller's token: cancelling it cancels the attempt's token too.</param>
    /// <returns>The attempt's token, cancelled at the deadline.</returns>
    public CancellationToken Start(TimeSpan timeout, CancellationToken callerToken)
    {
        _source.CancelAfter(timeout);
        if (callerToken.CanBeCanceled)
        {
            _caller = callerToken.UnsafeRegister(CancelSource, _source);
        }

        return _source.Token;
    }

    /// <summary>Ends the attempt: unlinks the caller's token and stops the timer (a cancelled source is replaced).</summary>
    public void End()
    {
        _caller.Dispose();
        _caller = default;
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = new CancellationTokenSource();
            _boxedToken = null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
