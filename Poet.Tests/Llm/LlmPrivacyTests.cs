using Poet;

namespace Poet.Tests.Llm;

public class LlmPrivacyTests
{
    private const string SecretKey = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";

    [Test]
    public async Task Sensitive_values_and_redaction_pattern_matches_never_reach_the_model()
    {
        var options = new PoetOptions().AddRedactionPattern(@"\bACME-\d{6}\b");
        var received = new List<string>();
        var client = LlmTestData.Client(LlmTestData.Answer(), received);
        var context = LlmTestData.Context(
            text: "False alarm. Contact me at jane.doe@example.com, my token is Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            arguments: new Dictionary<string, object?>
            {
                ["reference"] = new[] { 1.0, 2.0 },
                ["current"] = new[] { 1.0, 9.0 },
                ["apiKey"] = SecretKey,                      // a [Sensitive] parameter (by signature) whose value slipped through
                ["note"] = "customer ACME-123456 called; password=hunter2",
                ["threshold"] = 3.0,
            },
            result: new { IsDrift = true, Owner = "ops@example.org", Ticket = "ACME-654321" },
            error: new ExecutionError("System.Net.Http.HttpRequestException", "401 for api_key=AKIAIOSFODNN7EXAMPLE"),
            fields: new Dictionary<string, string> { ["reporter"] = "bob@example.net", ["github"] = "ghp_abcdefghijklmnopqrstuvwxyz0123456789" });

        var signal = await LlmTestData.Translator(client.Object, options).TranslateAsync(context);

        Assert.That(signal, Is.Not.Null);
        var everything = string.Join("\n", received);
        string[] secrets =
        [
            SecretKey, "jane.doe@example.com", "eyJhbGciOiJIUzI1NiJ9", "ACME-123456", "hunter2", "ops@example.org",
            "ACME-654321", "AKIAIOSFODNN7EXAMPLE", "bob@example.net", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        ];
        foreach (var secret in secrets)
        {
            Assert.That(everything, Does.Not.Contain(secret), $"'{secret}' reached the model");
        }

        Assert.That(everything, Does.Contain("[redacted]"));
        Assert.That(everything, Does.Contain("False alarm"), "the rest of the feedback still reaches the model");
    }

    [Test]
    public void Sensitive_parameters_are_found_in_the_signature()
    {
        var names = LlmSensitiveParameters.FromSignature(
            "Task<Report> Run(Dictionary<string, int> map, [Sensitive] string apiKey, [Sensitive, Other(\"x,y\")] byte[] blob, [Learnable(Min = 1, Max = 2)] double t = 1.5, [Sensitive] string? pin = null)");
        Assert.That(names, Is.EquivalentTo(new[] { "apiKey", "blob", "pin" }));
        Assert.That(LlmSensitiveParameters.FromSignature(""), Is.Empty);
    }

    [Test]
    public void An_invalid_redaction_pattern_is_rejected_with_a_clear_message()
    {
        Assert.That(() => new PoetOptions().AddRedactionPattern("(unclosed"), Throws.ArgumentException.With.Message.Contains("(unclosed"));
        var options = new PoetOptions();
        options.RedactionPatterns.Add("[bad");
        Assert.That(() => LlmTestData.Translator(LlmTestData.Client("{}").Object, options), Throws.ArgumentException.With.Message.Contains("RedactionPatterns"));
    }

    [Test]
    public void Default_patterns_cover_common_secrets_and_leave_ordinary_text_alone()
    {
        var redactor = new LlmRedactor(PoetOptions.DefaultRedactionPatterns);
        Assert.That(redactor.Redact("mail a.b+c@d-e.co.uk now"), Is.EqualTo("mail [redacted] now"));
        Assert.That(redactor.Redact("Authorization: Bearer abc.def-ghi"), Does.Not.Contain("abc.def-ghi"));
        Assert.That(redactor.Redact("token: 12345abc"), Does.Not.Contain("12345abc"));
        Assert.That(redactor.Redact("False alarm - that was a seasonal dip at 3.5 sigma."), Is.EqualTo("False alarm - that was a seasonal dip at 3.5 sigma."));
    }

    [Test]
    public void Patterns_the_linear_engine_cannot_run_still_work()
    {
        var redactor = new LlmRedactor([@"(?<=customer )\d+", @"(\w)\1{5,}"]);
        Assert.That(redactor.Redact("customer 12345 said aaaaaaa"), Is.EqualTo("customer [redacted] said [redacted]"));
    }

    [Test]
    public void Redaction_of_a_long_text_is_fast()
    {
        var redactor = new LlmRedactor(PoetOptions.DefaultRedactionPatterns);
        var text = string.Concat(Enumerable.Repeat("abcdefghij.klmnop_qrst+uvwxyz-0123456789", 25_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(redactor.Redact(text), Has.Length.EqualTo(text.Length));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }
}
