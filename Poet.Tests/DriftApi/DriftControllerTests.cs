using System.Text.Json;
using DriftApi.Controllers;
using DriftApi.Detection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Poet;
using Poet.AspNetCore;
using Poet.Tests.AspNetCore;

namespace Poet.Tests.DriftApi;

/// <summary>The controller alone, with a mocked detector and a Moq <see cref="IPoetFeedback"/>.</summary>
[TestFixture]
public sealed class DriftControllerTests
{
    private static readonly double[] Reference = [1, 2, 3, 2, 1];
    private static readonly double[] Current = [9, 10, 11];

    private Mock<IDriftDetector> _detector = null!;
    private Mock<IPoetFeedback> _feedback = null!;

    [SetUp]
    public void SetUp()
    {
        _detector = new Mock<IDriftDetector>(MockBehavior.Strict);
        _feedback = new Mock<IPoetFeedback>(MockBehavior.Strict);
    }

    [Test]
    public void Check_answers_the_report_with_the_execution_id_in_body_and_header()
    {
        var id = ExecutionId.New();
        var report = new DriftReport(true, 9.8, 3.0, 2, 10);
        _detector.Setup(d => d.Detect(Reference, Current, 3.0))
            .Callback(() => PoetContext.LastExecutionId = id) // what the POET proxy does
            .Returns(report);
        var controller = Controller();

        var result = controller.Check(new DriftCheckRequest { Reference = Reference, Current = Current });

        var body = (DriftCheckResponse)((OkObjectResult)result.Result!).Value!;
        Assert.That(body.ExecutionId, Is.EqualTo(id.Value));
        Assert.That(body.Report, Is.SameAs(report));
        Assert.That(controller.Response.Headers[DriftController.ExecutionIdHeader].ToString(), Is.EqualTo(id.Value));
    }

    [Test]
    public void Check_without_POET_answers_no_id_and_never_a_stale_one()
    {
        PoetContext.LastExecutionId = ExecutionId.New(); // an earlier call in this flow
        _detector.Setup(d => d.Detect(Reference, Current, 3.0)).Returns(new DriftReport(false, 0.1, 3.0, 2, 2.1));
        var controller = Controller();

        var result = controller.Check(new DriftCheckRequest { Reference = Reference, Current = Current });

        var body = (DriftCheckResponse)((OkObjectResult)result.Result!).Value!;
        Assert.That(body.ExecutionId, Is.Null);
        Assert.That(controller.Response.Headers.ContainsKey(DriftController.ExecutionIdHeader), Is.False);
    }

    [TestCase("\"False alarm - that was a seasonal dip.\"")]
    [TestCase("4")]
    [TestCase("{\"rating\":2,\"comment\":\"missed the outage\"}")]
    public async Task Feedback_passes_the_body_through_and_answers_the_outcome(string json)
    {
        var id = ExecutionId.New();
        var body = JsonDocument.Parse(json).RootElement.Clone();
        _feedback.Setup(f => f.FeedbackAsync(id, It.Is<object?>(o => o is JsonElement && ((JsonElement)o).GetRawText() == json), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Samples.Outcome(id));

        var result = await Controller().FeedbackAsync(id.Value, body, CancellationToken.None);

        var outcome = (FeedbackOutcomeResponse)((OkObjectResult)result.Result!).Value!;
        Assert.That(outcome.ExecutionId, Is.EqualTo(id.Value));
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        Assert.That(outcome.Signal.Verdict, Is.EqualTo("falsePositive"));
        _feedback.VerifyAll();
    }

    [Test]
    public async Task Feedback_null_body_is_passed_as_null()
    {
        var id = ExecutionId.New();
        _feedback.Setup(f => f.FeedbackAsync(id, null, It.IsAny<CancellationToken>())).ReturnsAsync(Samples.Outcome(id));

        var result = await Controller().FeedbackAsync(id.Value, JsonDocument.Parse("null").RootElement.Clone(), CancellationToken.None);

        Assert.That(result.Result, Is.InstanceOf<OkObjectResult>());
    }

    [Test]
    public async Task Feedback_on_a_bad_id_is_a_validation_problem_and_never_reaches_POET()
    {
        var result = await Controller().FeedbackAsync("nope", JsonDocument.Parse("1").RootElement.Clone(), CancellationToken.None);

        var problem = (ValidationProblemDetails)((ObjectResult)result.Result!).Value!;
        Assert.That(problem.Errors["executionId"][0], Does.Contain("X-Poet-Execution-Id"));
        _feedback.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Feedback_on_an_unknown_execution_is_404_with_POETs_message()
    {
        var id = ExecutionId.New();
        _feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PoetFeedbackException($"No execution '{id}' is recorded."));

        var result = await Controller().FeedbackAsync(id.Value, JsonDocument.Parse("\"x\"").RootElement.Clone(), CancellationToken.None);

        var problem = (ObjectResult)result.Result!;
        Assert.That(problem.StatusCode, Is.EqualTo(StatusCodes.Status404NotFound));
        Assert.That(((ProblemDetails)problem.Value!).Detail, Does.Contain(id.Value));
    }

    private DriftController Controller()
    {
        var services = new ServiceCollection();
        services.AddMvcCore();
        services.AddLogging();
        return new DriftController(_detector.Object, _feedback.Object, NullLogger<DriftController>.Instance)
        {
            ControllerContext = new ControllerContext
            {
                HttpContext = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() },
            },
        };
    }
}
