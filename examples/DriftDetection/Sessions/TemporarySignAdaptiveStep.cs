namespace DriftDetection.Sessions;

/// <summary>
/// TEMPORARY (until POET's trainer is wired): the sign-adaptive (Rprop-like) update POET applies to a learnable
/// parameter. The step grows by <see cref="Growth"/> while feedback keeps pushing the same way and halves when it
/// flips, so the value settles between "too many false alarms" and "missed events".
/// </summary>
internal sealed class TemporarySignAdaptiveStep(double initialStep, double min, double max)
{
    private const double Growth = 1.2;
    private const double Shrink = 0.5;
    private readonly double _maxStep = (max - min) / 4;
    private readonly double _minStep = (max - min) / 1e4;
    private double _step = initialStep;
    private int _lastDirection;

    /// <summary>The value after one push in <paramref name="direction"/> (-1 or +1), clamped to the bounds.</summary>
    public double Apply(double value, int direction)
    {
        if (direction == 0)
        {
            return value;
        }

        if (_lastDirection == direction)
        {
            _step = Math.Min(_step * Growth, _maxStep);
        }
        else if (_lastDirection == -direction)
        {
            _step = Math.Max(_step * Shrink, _minStep);
        }

        _lastDirection = direction;
        return Math.Clamp(value + (direction * _step), min, max);
    }
}
