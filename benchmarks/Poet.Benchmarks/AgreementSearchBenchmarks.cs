using BenchmarkDotNet.Attributes;
using DriftDetection.Detection;
using DriftDetection.Sessions;
using DriftDetection.Streams;
using Poet;
using Poet.Translation;

namespace Poet.Benchmarks;

/// <summary>
/// The cost of learning from everything said (<c>AgreementSearch.Choose</c>, run on every complaint): the drift demo's
/// threshold and persistence over a realistic labelled history of 20, 200 or 2,000 executions. Each labelled execution is
/// a real call of the demo's rolling z-score detector on a 100-sample chunk of the NAB streams shipped with the demo, with
/// varied learned values, labelled by the NAB windows (should fire when the chunk overlaps one). <c>Replay = false</c>:
/// the evidence recorded in each result only (a function not declared replayable); <c>Replay = true</c>: the search also
/// re-runs the real detector on each labelled chunk with every candidate persistence (the demo's shape, user code included);
/// <c>KeptReplays = true</c>: the replays go through the feedback service's <c>ReplayCache</c>, warmed by one earlier
/// search (every label was replayed at an earlier complaint, as between two complaints of a function).
/// Run: <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*AgreementSearch*'</c>.
/// </summary>
[MemoryDiagnoser]
public class AgreementSearchBenchmarks
{
    private static readonly LearnableParameterSpec Threshold = LearnableParameterSpec.Create(DetectorDefaults.ThresholdName, 3,
        DetectorDefaults.MinThreshold, DetectorDefaults.MaxThreshold, DetectorDefaults.ThresholdStep, DetectorDefaults.Threshold, false);

    private static readonly LearnableParameterSpec Persistence = LearnableParameterSpec.Create(DetectorDefaults.PersistenceName, 4,
        DetectorDefaults.MinPersistence, DetectorDefaults.MaxPersistence, 1, DetectorDefaults.Persistence, true);

    private static readonly TrainSpec Spec = new()
    {
        FunctionId = DetectorDefaults.FunctionId,
        Parameters = [Threshold, Persistence],
        IssueMap = new Dictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>>
        {
            [FeedbackVerdict.FalsePositive] = new Dictionary<string, int> { [Threshold.Name] = +1, [Persistence.Name] = +1 },
            [FeedbackVerdict.FalseNegative] = new Dictionary<string, int> { [Threshold.Name] = -1, [Persistence.Name] = -1 },
        },
    };

    private readonly Dictionary<string, double> _current = new(StringComparer.Ordinal) { [Threshold.Name] = 4.2, [Persistence.Name] = 2 };
    private LabelledHistory _history = null!;

    /// <summary>How many labelled executions the function has.</summary>
    [Params(20, 200, 2_000)]
    public int Labels { get; set; }

    /// <summary>Whether the function is replayable (the search re-runs each labelled execution with candidate persistences).</summary>
    [Params(false, true)]
    public bool Replay { get; set; }

    /// <summary>Whether the replays are kept between complaints (<c>ReplayCache</c>, as the feedback service does), warmed by one search.</summary>
    [Params(false, true)]
    public bool KeptReplays { get; set; }

    /// <summary>Runs the detector on chunks of the shipped NAB streams, round-robin over the streams, until there are enough labels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var detector = new RollingZScoreDetector();
        var streams = NabStreamLoader.Load(NabStreamLoader.DefaultDataPath, []);
        var slices = streams.Select(s => StreamChunks.Of(s.Values.Length).Skip(3).ToList()).ToList();
        var chunks = new Dictionary<LabelledExecution, (double[] Values, int ScoreFrom, int Origin)>(ReferenceEqualityComparer.Instance);
        var labelled = new List<LabelledExecution>(Labels);
        for (var k = 0; labelled.Count < Labels; k++)
        {
            var s = k % streams.Count;
            var slice = slices[s][(k / streams.Count) % slices[s].Count];
            var values = slice.Values(streams[s].Values);
            var threshold = 2.5 + (k % 9 * 0.75);
            var persistence = 1 + (k % 4);
            var report = detector.Detect(values, slice.ScoreFrom, slice.ContextStart, threshold, persistence);
            var overlaps = streams[s].Windows.Any(w => w.Start < slice.End && w.End >= slice.Start);
            var execution = new LabelledExecution(overlaps,
                new Dictionary<string, double>(StringComparer.Ordinal) { [Threshold.Name] = threshold, [Persistence.Name] = persistence },
                Facts(report),
                new ExecutionRecord { Id = ExecutionId.New(), FunctionId = DetectorDefaults.FunctionId, Version = 1, StartedAt = DateTimeOffset.UnixEpoch }); // ReplayCache keeps replays by execution id
            chunks[execution] = (values, slice.ScoreFrom, slice.ContextStart);
            labelled.Add(execution);
        }

        LabelledReplay replay = (h, with) =>
        {
            var (values, scoreFrom, origin) = chunks[h];
            var persistence = (int)with.GetValueOrDefault(Persistence.Name, h.Used[Persistence.Name]);
            return Facts(detector.Detect(values, scoreFrom, origin, h.Used[Threshold.Name], persistence));
        };
        var cache = new ReplayCache();
        var kept = KeptReplays ? cache.Keep(replay, MlMonitoringDomain.Name) : replay;
        _history = new LabelledHistory(labelled, name => name == Persistence.Name, MlMonitoringDomain.Template.MissedEventWeight, Replay ? kept : null,
            ReserveReplays: KeptReplays ? cache.Reserve : null);
        if (KeptReplays)
        {
            _ = Choose(); // the earlier complaint that replayed every label
        }
    }

    /// <summary>One search, as one complaint runs it.</summary>
    /// <returns>The chosen values.</returns>
    [Benchmark]
    public IReadOnlyDictionary<string, double>? Choose() => AgreementSearch.Choose(_current, Spec, _history, out _);

    private static ExecutionFacts Facts(AnomalyReport report) =>
        new(report.Alerts.Count > 0, "Alerts", report.Score, "Score", report.RunLength, "RunLength");
}
