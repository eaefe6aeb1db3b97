using DriftApi.Detection;

namespace Poet.Tests.Ecosystem;

/// <summary>Inputs the drift detector flags (score about 3.2 against the default threshold 3.0).</summary>
internal static class EcoSamples
{
    public static readonly double[] Reference = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10];

    public static readonly double[] Current = [7.4, 7.3, 7.5];

    public static DriftReport Check(IDriftDetector detector) => detector.Detect(Reference, Current);
}

/// <summary>A detector that says when it is disposed.</summary>
public sealed class DisposableDetector : IDriftDetector, IDisposable
{
    private readonly ZScoreDriftDetector _inner = new();

    public bool Disposed { get; private set; }

    public DriftReport Detect(double[] reference, double[] current, double threshold = 3.0, CancellationToken cancellationToken = default) =>
        _inner.Detect(reference, current, threshold, cancellationToken);

    public void Dispose() => Disposed = true;
}

public interface IOutOfBounds
{
    [Poet]
    double Run([Learnable(Min = 0, Max = 1)] double rate = 2);
}

public interface INoPoetButLearnable
{
    double Run([Learnable(Min = 0, Max = 10)] double rate = 2);
}

public sealed class OutOfBounds : IOutOfBounds, INoPoetButLearnable
{
    public double Run(double rate = 2) => rate;
}

/// <summary>A plain result that no POET call returned.</summary>
public sealed record PlainReport(bool IsDrift);
