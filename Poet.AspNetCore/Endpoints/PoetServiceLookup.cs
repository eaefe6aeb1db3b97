using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Poet.AspNetCore.Endpoints;

/// <summary>Resolves POET's services for a request, answering 503 with a fix when POET is not registered.</summary>
internal static class PoetServiceLookup
{
    /// <summary>Resolves <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The service.</typeparam>
    /// <param name="http">The request's context.</param>
    /// <param name="service">The service, when registered.</param>
    /// <param name="problem">The problem to answer with, when not.</param>
    /// <returns><see langword="true"/> when the service is registered.</returns>
    public static bool TryResolve<T>(HttpContext http, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? service, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
        where T : class
    {
        service = http.RequestServices.GetService<T>();
        problem = service is null ? PoetProblems.NotRegistered(typeof(T).Name) : null;
        return service is not null;
    }
}
