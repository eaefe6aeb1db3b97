namespace Poet;

/// <summary>Builds a function's train spec (<c>train.json</c> of version 1) from its plan and domain template.</summary>
public static class TrainSpecBuilder
{
    /// <summary>
    /// The learnable parameters of <paramref name="plan"/>, and for each verdict the direction each parameter
    /// moves, from the first of the template's <see cref="DomainTemplate.DirectionRules"/> matching its name.
    /// </summary>
    /// <param name="plan">The function's plan.</param>
    /// <param name="domain">The function's domain template.</param>
    /// <returns>The train spec.</returns>
    public static TrainSpec Build(FunctionPlan plan, DomainTemplate domain)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(domain);

        var map = new Dictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>>();
        foreach (var verdict in Enum.GetValues<FeedbackVerdict>())
        {
            var directions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var parameter in plan.Learnable)
            {
                var rule = domain.DirectionRules.FirstOrDefault(r => r.Verdict == verdict && r.Matches(parameter.Name));
                if (rule is not null && rule.Direction != 0)
                {
                    directions[parameter.Name] = Math.Sign(rule.Direction);
                }
            }

            if (directions.Count > 0)
            {
                map[verdict] = directions;
            }
        }

        return new TrainSpec
        {
            FunctionId = plan.FunctionId,
            Domain = domain.Name,
            Objective = string.IsNullOrWhiteSpace(plan.OptimizeFor) ? domain.Objective : $"{plan.OptimizeFor}: {domain.Objective}",
            Parameters = plan.Learnable,
            IssueMap = map,
            MapSource = "domain-template",
        };
    }

    /// <summary>Version 1's metadata: every learnable parameter at its declared default, a fresh trainer state.</summary>
    /// <param name="plan">The function's plan.</param>
    /// <returns>Version 1.</returns>
    public static FunctionVersion InitialVersion(FunctionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new FunctionVersion
        {
            FunctionId = plan.FunctionId,
            Version = 1,
            CreatedAt = DateTimeOffset.UtcNow,
            Parameters = plan.Learnable.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal),
            Trainer = plan.Learnable.ToDictionary(p => p.Name, p => new TrainerState(p.Step, 0), StringComparer.Ordinal),
            Reason = new VersionReason { Kind = "initial", Rationale = "declared defaults" },
        };
    }
}
