namespace Poet.AspNetCore.Security;

/// <summary>Reads the API key from the environment: <c>POET_API_KEY</c>, else <c>AITOMATIC_API_KEY</c>.</summary>
internal static class ApiKeyEnvironment
{
    /// <summary>Sets <see cref="PoetEndpointOptions.ApiKey"/> from the environment when a variable is set.</summary>
    /// <param name="options">The options to update.</param>
    /// <param name="getVariable">Reads one environment variable.</param>
    public static void Apply(PoetEndpointOptions options, Func<string, string?> getVariable)
    {
        var key = NonBlank(getVariable(PoetEndpointOptions.ApiKeyVariable))
            ?? NonBlank(getVariable(PoetEndpointOptions.SeedApiKeyVariable));
        if (key is not null)
        {
            options.ApiKey = key;
        }
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
