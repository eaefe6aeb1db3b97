using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Poet.Interception;

/// <summary>
/// Compiles an interface method into a <see cref="PoetMethod"/> once: reads its attributes, names it, decides its
/// Perceive and Enforce checks, learnable slots and Operate pipeline, and writes it all down as a
/// <see cref="FunctionPlan"/>. Mistakes in the attributes fail here, with a message that says how to fix them.
/// </summary>
internal static class PoetMethodFactory
{
    /// <summary>The effective <see cref="PoetAttribute"/> of a method: its own, else its interface's (not for property or event accessors).</summary>
    /// <param name="method">The interface method.</param>
    /// <returns>The attribute, or null when the method is not a POET function.</returns>
    public static PoetAttribute? FindAttribute(MethodInfo method)
    {
        var own = method.GetCustomAttribute<PoetAttribute>(inherit: true);
        if (own is not null)
        {
            return own;
        }

        return method.IsSpecialName ? null : method.DeclaringType?.GetCustomAttribute<PoetAttribute>(inherit: true);
    }

    /// <summary>Compiles a method, or returns null when it has no <see cref="PoetAttribute"/>.</summary>
    /// <param name="runtime">The container's POET runtime.</param>
    /// <param name="method">The closed interface method.</param>
    /// <returns>The compiled method, or null.</returns>
    /// <exception cref="InvalidOperationException">The method's POET attributes are inconsistent; the message says how to fix them.</exception>
    public static PoetMethod? Create(PoetRuntime runtime, MethodInfo method)
    {
        var attribute = FindAttribute(method);
        if (attribute is null)
        {
            var orphan = method.GetParameters().FirstOrDefault(p => p.IsDefined(typeof(LearnableAttribute), inherit: true));
            if (orphan is not null)
            {
                throw new InvalidOperationException(
                    $"[Learnable] on parameter '{orphan.Name}' of {FunctionIds.TypeName(method.DeclaringType!)}.{method.Name} has no effect: the method has no [Poet], " +
                    "so POET neither learns nor records it. Add [Poet] to the method (or its interface), or remove [Learnable].");
            }

            return null;
        }

        var functionId = FunctionIds.For(method, attribute);
        if (attribute.Retries < 0 || attribute.TimeoutMs < 0)
        {
            throw new InvalidOperationException(
                $"[Poet] on {functionId} has Retries={attribute.Retries}, TimeoutMs={attribute.TimeoutMs}; both must be 0 or more (TimeoutMs = 0 means no timeout).");
        }

        DomainTemplate domain;
        try
        {
            domain = runtime.Domains.Get(attribute.Domain);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"[Poet] on {functionId}: {ex.Message}", ex);
        }

        var parameters = method.GetParameters();
        var definition = Definition(method).GetParameters();
        var nullability = new NullabilityInfoContext();
        var checks = new List<ArgumentCheck>();
        var learnables = new List<LearnableSlot>();
        var recorded = new List<(int, string, bool, Type)>();
        var tokenPosition = -1;

        foreach (var parameter in parameters)
        {
            var position = parameter.Position;
            var name = parameter.Name ?? $"arg{position}";
            var type = parameter.ParameterType;
            if (type == typeof(CancellationToken))
            {
                tokenPosition = tokenPosition < 0 ? position : tokenPosition;
                continue;
            }

            recorded.Add((position, name, parameter.IsDefined(typeof(SensitiveAttribute), inherit: true), type));
            var learnable = parameter.GetCustomAttribute<LearnableAttribute>(inherit: true);
            if (learnable is not null)
            {
                learnables.Add(LearnableSlot.Create(functionId, parameter, learnable));
                continue; // POET owns the value: nothing to check.
            }

            if (parameter.IsOut)
            {
                continue;
            }

            if (!type.IsValueType && !type.IsByRef && !definition[position].ParameterType.ContainsGenericParameters
                && nullability.Create(definition[position]).WriteState == NullabilityState.NotNull)
            {
                checks.Add(new NotNullArgumentCheck(position, name, FunctionIds.TypeName(type)));
            }

            foreach (var annotation in parameter.GetCustomAttributes<ValidationAttribute>(inherit: true))
            {
                checks.Add(new AnnotationArgumentCheck(position, name, annotation));
            }

            if (ObjectValidation.MayHaveRules(type))
            {
                checks.Add(new ObjectArgumentCheck(position, name));
            }

            foreach (var rule in domain.ArgumentRules)
            {
                if (rule.AppliesTo(type))
                {
                    checks.Add(new DomainArgumentCheck(position, name, rule));
                }
            }
        }

        if (attribute.CooperativeTimeout && attribute.TimeoutMs <= 0)
        {
            throw new InvalidOperationException(
                $"[Poet(CooperativeTimeout = true)] on {functionId}: there is no timeout to make cooperative. Set TimeoutMs above 0 or remove CooperativeTimeout.");
        }

        if (attribute.CooperativeTimeout && tokenPosition < 0)
        {
            throw new InvalidOperationException(
                $"[Poet(TimeoutMs = {attribute.TimeoutMs}, CooperativeTimeout = true)] on {functionId}: the method takes no CancellationToken, so nothing " +
                "would tell it the deadline has passed. Add a CancellationToken parameter and honour it, or remove CooperativeTimeout (attempts then run " +
                "off the caller's thread and the caller gets its answer at the deadline whatever the method does).");
        }

        if (attribute.TimeoutMs > 0 && tokenPosition < 0 && runtime.Options.RefuseUncancellableTimeouts)
        {
            throw new InvalidOperationException(
                $"[Poet(TimeoutMs = {attribute.TimeoutMs})] on {functionId}: the method takes no CancellationToken, so an attempt past its deadline " +
                "could never be told to stop, and PoetOptions.RefuseUncancellableTimeouts is on. Add a CancellationToken parameter and honour it, " +
                "remove TimeoutMs, or turn the option off (such attempts are then abandoned at the deadline, at most PoetOptions.MaxAbandonedAttempts per function).");
        }

        var (adapter, resultType) = ReturnAdapters.For(method.ReturnType);
        var resultChecks = new List<ResultCheck>();
        if (resultType is not null)
        {
            foreach (var rule in domain.ResultRules)
            {
                if (rule.AppliesTo(resultType))
                {
                    resultChecks.Add(new DomainResultCheck(rule));
                }
            }

            if (ObjectValidation.MayHaveRules(resultType))
            {
                resultChecks.Add(AnnotationResultCheck.Instance);
            }
        }

        var plan = new FunctionPlan
        {
            FunctionId = functionId,
            InterfaceName = FunctionIds.TypeName(method.DeclaringType!),
            MethodName = method.Name,
            Signature = Signature(method),
            Domain = domain.Name,
            OptimizeFor = attribute.OptimizeFor,
            EnableTraining = attribute.EnableTraining,
            PerceiveRules = [.. checks.Select(c => c.Description)],
            Operate = new OperatePolicy
            {
                Retries = attribute.Retries,
                TimeoutMs = attribute.TimeoutMs,
                CooperativeTimeout = attribute.CooperativeTimeout,
                BaseDelayMs = (int)Math.Round(runtime.Options.RetryBaseDelay.TotalMilliseconds),
            },
            EnforceRules = [.. resultChecks.Select(c => $"result: {c.Rule}")],
            Learnable = [.. learnables.Select(l => l.Spec)],
        };

        var logger = runtime.Logger;
        var functionTag = new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, functionId);
        var pipeline = OperatePipelineFactory.Create(functionId, plan.Operate, (attempt, exception) =>
        {
            ExecutionTelemetry.Retried(functionTag);
            InterceptionLog.Retrying(logger, functionId, attempt + 1, exception);
        });

        InterceptionLog.FunctionPrepared(logger, functionId, checks.Count, learnables.Count, plan.Operate.Retries, plan.Operate.TimeoutMs);
        var recording = new MethodRecording([.. recorded], resultType, runtime.Options, attribute.Replayable);
        var deadline = attribute.TimeoutMs > 0 && !attribute.CooperativeTimeout ? new DeadlineRunner(functionId, attribute.TimeoutMs, runtime.Options.MaxAbandonedAttempts, logger) : null;
        var replay = MethodReplay.Create(functionId, method, attribute, [.. learnables], runtime.Links.Replays);
        return new PoetMethod(runtime, plan, adapter, [.. checks], [.. resultChecks], [.. learnables], tokenPosition, recording, pipeline, deadline, replay);
    }

    /// <summary>The method as declared (open generic type and method), where nullability annotations live.</summary>
    private static MethodInfo Definition(MethodInfo method)
    {
        if (method.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } closed)
        {
            foreach (var candidate in closed.GetGenericTypeDefinition().GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (candidate.MetadataToken == method.MetadataToken && candidate.Module == method.Module)
                {
                    return candidate;
                }
            }
        }

        return method.IsGenericMethod && !method.IsGenericMethodDefinition ? method.GetGenericMethodDefinition() : method;
    }

    private static string Signature(MethodInfo method)
    {
        var text = new StringBuilder(FunctionIds.TypeName(method.ReturnType)).Append(' ').Append(method.Name).Append('(');
        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (i > 0)
            {
                text.Append(", ");
            }

            if (parameter.IsDefined(typeof(LearnableAttribute), inherit: true))
            {
                var learnable = parameter.GetCustomAttribute<LearnableAttribute>(inherit: true)!;
                text.Append(CultureInfo.InvariantCulture, $"[Learnable(Min = {learnable.Min}, Max = {learnable.Max})] ");
            }

            if (parameter.IsDefined(typeof(SensitiveAttribute), inherit: true))
            {
                text.Append("[Sensitive] ");
            }

            text.Append(FunctionIds.TypeName(parameter.ParameterType)).Append(' ').Append(parameter.Name);
            if (parameter.HasDefaultValue)
            {
                text.Append(" = ").Append(Convert.ToString(parameter.DefaultValue, CultureInfo.InvariantCulture) ?? "null");
            }
        }

        return text.Append(')').ToString();
    }
}
