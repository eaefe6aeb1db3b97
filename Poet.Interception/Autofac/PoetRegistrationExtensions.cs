using Autofac.Builder;
using Autofac.Core.Resolving.Pipeline;
using Poet.Interception;

namespace Poet;

/// <summary><c>.EnablePoet()</c> on Autofac registrations.</summary>
public static class PoetRegistrationExtensions
{
    /// <summary>
    /// Makes resolved instances of this registration POET proxies: calls to <see cref="PoetAttribute"/> methods get
    /// Perceive, Operate, Enforce, recording and learned parameters; other methods pass straight through. Works on
    /// <c>RegisterType&lt;T&gt;().As&lt;I&gt;()</c>, <c>Register(c =&gt; ...)</c>, <c>RegisterInstance(x)</c> and
    /// <c>RegisterGeneric(typeof(Repo&lt;&gt;)).As(typeof(IRepo&lt;&gt;))</c>. Lifetime and disposal of the instance are
    /// exactly as without POET. The container needs <c>builder.AddPoet()</c>.
    /// </summary>
    /// <typeparam name="TLimit">The registration's limit type.</typeparam>
    /// <typeparam name="TActivatorData">The activator data type.</typeparam>
    /// <typeparam name="TRegistrationStyle">The registration style.</typeparam>
    /// <param name="registration">The registration, exposed as one or more interfaces.</param>
    /// <returns>The registration, for chaining.</returns>
    public static IRegistrationBuilder<TLimit, TActivatorData, TRegistrationStyle> EnablePoet<TLimit, TActivatorData, TRegistrationStyle>(
        this IRegistrationBuilder<TLimit, TActivatorData, TRegistrationStyle> registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var metadata = registration.RegistrationData.Metadata;
        if (metadata.ContainsKey(PoetProxyMiddleware.MetadataKey))
        {
            return registration; // enabling twice must not wrap twice
        }

        metadata[PoetProxyMiddleware.MetadataKey] = true;
        registration.ConfigurePipeline(pipeline => pipeline.Use(new PoetProxyMiddleware(), MiddlewareInsertionMode.StartOfPhase));
        return registration;
    }
}
