using System.Globalization;

namespace Poet.WebLoad;

/// <summary>How long and how hard to load the endpoint; every run is bounded by these.</summary>
internal sealed record WebLoadOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public int Concurrency { get; init; } = 16;

    public int Rounds { get; init; } = 3;

    public string? OutputPath { get; init; }

    /// <summary>Run only one side (<c>poet</c> or <c>plain</c>), for profiling; null runs both.</summary>
    public string? Only { get; init; }

    public static WebLoadOptions Parse(string[] args)
    {
        var options = new WebLoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Bounded(value, 1, 120)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Bounded(value, 0, 60)) },
                "--concurrency" => options with { Concurrency = (int)Bounded(value, 1, 256) },
                "--rounds" => options with { Rounds = (int)Bounded(value, 1, 10) },
                "--out" => options with { OutputPath = value },
                "--only" => options with { Only = value is "poet" or "plain" ? value : throw new ArgumentException("--only takes poet or plain.") },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --duration s, --warmup s, --concurrency n, --rounds n, --out file, --only poet|plain."),
            };
            i++;
        }

        return options;
    }

    private static double Bounded(string text, double min, double max)
    {
        var value = double.Parse(text, CultureInfo.InvariantCulture);
        return value < min || value > max ? throw new ArgumentOutOfRangeException(nameof(text), $"{value} is outside [{min}, {max}].") : value;
    }
}
