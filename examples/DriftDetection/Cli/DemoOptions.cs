using System.Globalization;
using DriftDetection.Detection;

namespace DriftDetection.Cli;

/// <summary>The demo's command line.</summary>
public sealed record DemoOptions
{
    /// <summary>The default feedback budget per stream (and the most the issue allows).</summary>
    public const int DefaultBudget = 20;

    /// <summary>Substrings of stream ids (<c>group/name</c>) to run; empty runs all.</summary>
    public IReadOnlyList<string> Streams { get; init; } = [];

    /// <summary>Feedback messages per stream.</summary>
    public int Budget { get; init; } = DefaultBudget;

    /// <summary>The POET store folder (one subfolder per stream).</summary>
    public string StorePath { get; init; } = Path.Combine(".poet", "drift-demo");

    /// <summary>Use the LLM configured by POET_OLLAMA_URL / POET_OLLAMA_MODEL instead of the offline translator.</summary>
    public bool UseLlm { get; init; }

    /// <summary>Where to write the HTML report.</summary>
    public string ReportPath { get; init; } = Path.Combine("reports", "drift-demo.html");

    /// <summary>Also run the learning benchmark (ceiling by grid search, gap closed).</summary>
    public bool Bench { get; init; }

    /// <summary>The NAB data folder.</summary>
    public string DataPath { get; init; } = global::DriftDetection.Streams.NabStreamLoader.DefaultDataPath;

    /// <summary>Which parameters POET learns (<c>--learn threshold</c>: the threshold alone, persistence fixed at 1).</summary>
    public global::DriftDetection.Detection.Learnables Learn { get; init; } = global::DriftDetection.Detection.Learnables.ThresholdAndPersistence;

    /// <summary>
    /// What learning weighs the recent calls nobody labelled with (<c>--unlabelled silent,fired</c>: the
    /// <c>ml_monitoring</c> template's <see cref="Poet.DomainTemplate.UnlabelledSilentWeight"/> and
    /// <see cref="Poet.DomainTemplate.UnlabelledFiredWeight"/>); null keeps the template's (0, 0).
    /// </summary>
    public (double Silent, double Fired)? Unlabelled { get; init; }

    /// <summary>The detector's fixed cooldown in samples (<c>--cooldown n</c>; default <see cref="global::DriftDetection.Detection.DetectorDefaults.Cooldown"/>).</summary>
    public int Cooldown { get; init; } = global::DriftDetection.Detection.DetectorDefaults.Cooldown;

    /// <summary>The detector's fixed scoring shape (<c>--baseline mean|robust</c>, <c>--direction both|up|down</c>; default <see cref="ScoreShape.Default"/>).</summary>
    public ScoreShape Shape { get; init; } = ScoreShape.Default;

    /// <summary>The cooldowns the benchmark's oracles search: the detector's fixed one, or every <see cref="DetectorDefaults.CooldownStep"/> when POET learns it.</summary>
    public IReadOnlyList<int> OracleCooldowns => Learn == Learnables.All
        ? [.. Enumerable.Range(0, ((DetectorDefaults.MaxCooldown - DetectorDefaults.MinCooldown) / DetectorDefaults.CooldownStep) + 1).Select(i => DetectorDefaults.MinCooldown + (i * DetectorDefaults.CooldownStep))]
        : [Cooldown];

    /// <summary>With <see cref="Bench"/>: print each stream's messages, values and scores next to its oracle.</summary>
    public bool Diagnose { get; init; }

    /// <summary>Print help and exit.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>The help text.</summary>
    public const string Help = """
        POET drift-detection demo: a z-score detector learns its threshold from operator feedback on real NAB streams.

        Usage: dotnet run --project examples/DriftDetection -- [options]

        Options:
          -s, --streams <filter>   Run only streams whose id (group/name) contains the filter; repeat or comma-separate.
                                   Examples: --streams realKnownCause   --streams nyc_taxi,speed_7578
          -b, --budget <n>         Feedback messages per stream (default 20).
              --store <path>       POET store folder; each stream gets <path>/<group>/<name>, cleared at start
                                   (default .poet/drift-demo).
              --llm                Translate feedback with the LLM configured by POET_OLLAMA_URL and POET_OLLAMA_MODEL
                                   instead of the offline translator.
          -r, --report <path>      Where to write the HTML report (default reports/drift-demo.html).
              --bench              Also run LearningBench: the best fixed threshold per stream by grid search (the
                                   ceiling), mean F1 before/after/ceiling and the share of the gap closed.
              --diagnose           --bench, and per stream: each message, the values after it, the oracle's values.
              --learn <which>      What POET learns: both (threshold and persistence, default), threshold (persistence
                                   fixed at 1), to compare one learnable with two, or all (threshold, persistence and
                                   cooldown, version 1's cooldown 120).
              --unlabelled <s,f>   Learning also weighs the recent calls nobody labelled: keeping a quiet one quiet
                                   weighs s, keeping one that fired firing weighs f, against one false-alarm label
                                   (default 0,0: the labels alone).
              --cooldown <n>       The detector's fixed cooldown: samples after a trigger within which another trigger
                                   does not alert (0 to 240, default 0).
              --baseline <which>   The rolling baseline: mean (mean and standard deviation, default) or robust
                                   (median and 1.4826 x MAD).
              --direction <which>  Which deviations score: both (default), up (rises only) or down (drops only).
              --data <path>        The NAB data folder (default: the copy shipped next to the binaries).
          -h, --help               Show this help.
        """;

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a fix-it message on bad input.</summary>
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        var streams = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    options = options with { ShowHelp = true };
                    break;
                case "-s" or "--streams":
                    streams.AddRange(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "-b" or "--budget":
                    var text = Value(args, ref i);
                    if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var budget) || budget < 0)
                    {
                        throw new ArgumentException($"--budget expects a whole number of messages (0 or more), not '{text}'.");
                    }

                    options = options with { Budget = budget };
                    break;
                case "--store":
                    options = options with { StorePath = Value(args, ref i) };
                    break;
                case "--llm":
                    options = options with { UseLlm = true };
                    break;
                case "-r" or "--report":
                    options = options with { ReportPath = Value(args, ref i) };
                    break;
                case "--bench":
                    options = options with { Bench = true };
                    break;
                case "--diagnose":
                    options = options with { Bench = true, Diagnose = true };
                    break;
                case "--learn":
                    var learn = Value(args, ref i);
                    options = options with
                    {
                        Learn = learn switch
                        {
                            "both" => global::DriftDetection.Detection.Learnables.ThresholdAndPersistence,
                            "threshold" => global::DriftDetection.Detection.Learnables.Threshold,
                            "all" => global::DriftDetection.Detection.Learnables.All,
                            _ => throw new ArgumentException($"--learn expects 'both', 'threshold' or 'all', not '{learn}'."),
                        },
                    };
                    break;
                case "--unlabelled":
                    options = options with { Unlabelled = Weights(Value(args, ref i)) };
                    break;
                case "--cooldown":
                    var cooldownText = Value(args, ref i);
                    if (!int.TryParse(cooldownText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cooldown)
                        || cooldown < global::DriftDetection.Detection.DetectorDefaults.MinCooldown || cooldown > global::DriftDetection.Detection.DetectorDefaults.MaxCooldown)
                    {
                        throw new ArgumentException($"--cooldown expects a whole number of samples from {DetectorDefaults.MinCooldown} to {DetectorDefaults.MaxCooldown}, not '{cooldownText}'.");
                    }

                    options = options with { Cooldown = cooldown };
                    break;
                case "--baseline":
                    var baseline = Value(args, ref i);
                    options = options with
                    {
                        Shape = options.Shape with
                        {
                            Baseline = baseline switch
                            {
                                "mean" => Baseline.Mean,
                                "robust" => Baseline.Robust,
                                _ => throw new ArgumentException($"--baseline expects 'mean' (mean and standard deviation) or 'robust' (median and MAD), not '{baseline}'."),
                            },
                        },
                    };
                    break;
                case "--direction":
                    var direction = Value(args, ref i);
                    options = options with
                    {
                        Shape = options.Shape with
                        {
                            Direction = direction switch
                            {
                                "both" => Direction.Both,
                                "up" => Direction.Up,
                                "down" => Direction.Down,
                                _ => throw new ArgumentException($"--direction expects 'both', 'up' (rises only) or 'down' (drops only), not '{direction}'."),
                            },
                        },
                    };
                    break;
                case "--data":
                    options = options with { DataPath = Value(args, ref i) };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{arg}'. Run with --help to see the options.");
            }
        }

        return options with { Streams = streams };
    }

    private static (double, double) Weights(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var silent)
            && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var fired)
            && double.IsFinite(silent) && double.IsFinite(fired) && silent >= 0 && fired >= 0
            ? (silent, fired)
            : throw new ArgumentException($"--unlabelled expects two weights, 0 or more, as silent,fired (for example 0.5,0), not '{text}'.");
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith('-'))
        {
            throw new ArgumentException($"{args[i]} needs a value. Run with --help to see the options.");
        }

        return args[++i];
    }
}
