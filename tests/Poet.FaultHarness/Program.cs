using Autofac;
using Poet;
using Poet.FaultHarness;

// Usage:
//   record STORE RUN          calls ISensor.Check forever; prints "called N" after every 100 calls (flushed to the
//                             OS first when "durable" is given as a third argument) and gives feedback every 250 calls
//   feedback STORE RUN COUNT  one call, then COUNT feedbacks on it; prints "version N" for each version written
// Exit code 0 when done; the fault suite kills "record" with SIGKILL.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: record STORE RUN [durable] | feedback STORE RUN COUNT");
    return 2;
}

var builder = new ContainerBuilder();
builder.AddPoet(o => o.StorePath = args[1]);
builder.RegisterType<Sensor>().As<ISensor>().EnablePoet();
await using var container = builder.Build();
var sensor = container.Resolve<ISensor>();
var feedback = container.Resolve<IPoetFeedback>();
var run = args[2];

switch (args[0])
{
    case "record":
        var durable = args.Length > 3 && args[3] == "durable";
        var executions = container.Resolve<IExecutionStore>();
        for (var call = 1; ; call++)
        {
            var verdict = sensor.Check(run, call, score: call % 7);
            if (call % 250 == 0)
            {
                await GiveAsync(feedback, verdict, call);
            }

            if (call % 100 == 0)
            {
                if (durable)
                {
                    try
                    {
                        await executions.FlushAsync();
                    }
                    catch (PoetStoreException ex)
                    {
                        Console.WriteLine($"flush failed: {ex.Message}"); // a full disk: the calls go on
                    }
                }

                Console.WriteLine($"called {call}");
            }
        }

    case "feedback":
        var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        var result = sensor.Check(run, 1, score: 5);
        for (var i = 0; i < count; i++)
        {
            var outcome = await feedback.FeedbackAsync(result, $"{(i % 2 == 0 ? "false alarm" : "missed a real drift")} ({run} #{i})");
            if (outcome.NewVersion is { } version)
            {
                Console.WriteLine($"version {version}");
            }
        }

        Console.WriteLine("done");
        return 0;

    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}

static async Task GiveAsync(IPoetFeedback feedback, Verdict verdict, int call)
{
    try
    {
        var outcome = await feedback.FeedbackAsync(verdict, call % 500 == 0 ? "false alarm" : "missed a real drift");
        if (outcome.NewVersion is { } version)
        {
            Console.WriteLine($"version {version}");
        }
    }
    catch (Exception ex) when (ex is IOException or PoetFeedbackException)
    {
        Console.WriteLine($"feedback failed: {ex.Message}"); // a full disk (the call's record was dropped): the calls go on
    }
}
