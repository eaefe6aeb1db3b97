using System.ComponentModel.DataAnnotations;

namespace DriftApi.Controllers;

/// <summary>The body of <c>POST /drift/check</c>.</summary>
public sealed record DriftCheckRequest : IValidatableObject
{
    /// <summary>The reference window: at least 2 and at most 100,000 values.</summary>
    [Required]
    [Length(2, DriftCheckLimits.MaxSeriesLength)]
    public double[]? Reference { get; init; }

    /// <summary>The current window: at least 1 and at most 100,000 values.</summary>
    [Required]
    [Length(1, DriftCheckLimits.MaxSeriesLength)]
    public double[]? Current { get; init; }

    /// <summary>Every value must be a finite number (JSON numbers are; "NaN" or "Infinity" strings are not).</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>One error per series with a non-finite value.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, series) in new[] { (nameof(Reference), Reference), (nameof(Current), Current) })
        {
            var bad = series is null ? -1 : Array.FindIndex(series, v => !double.IsFinite(v));
            if (bad >= 0)
            {
                yield return new ValidationResult($"{name}[{bad}] is {series![bad]}; send finite numbers only.", [name]);
            }
        }
    }
}

/// <summary>Limits of the drift API's requests.</summary>
public static class DriftCheckLimits
{
    /// <summary>The longest series accepted.</summary>
    public const int MaxSeriesLength = 100_000;

    /// <summary>The largest request body accepted, in bytes (4 MiB).</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The largest feedback body accepted, in bytes (64 KiB: feedback is a verdict and a note, not data).</summary>
    public const long MaxFeedbackBytes = 64 * 1024;
}
