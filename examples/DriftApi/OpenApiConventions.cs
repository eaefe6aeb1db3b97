using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DriftApi;

/// <summary>
/// What the OpenAPI description says beyond the endpoints: the API-key security scheme (and which operations need
/// it), an operationId on every operation, and the licence.
/// </summary>
internal static class OpenApiConventions
{
    private const string SchemeName = "ApiKey";

    /// <summary>Adds the conventions to the document.</summary>
    /// <param name="options">The OpenAPI options.</param>
    public static void Apply(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "The POET API key (POET_API_KEY, AITOMATIC_API_KEY or Poet:Endpoints:ApiKey); also accepted as 'Authorization: Bearer <key>'.",
            };
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            if (string.IsNullOrEmpty(operation.OperationId) && context.Description.ActionDescriptor is ControllerActionDescriptor action)
            {
                operation.OperationId = action.ControllerName + action.ActionName;
            }

            var path = "/" + (context.Description.RelativePath ?? string.Empty);
            if (path.StartsWith("/poet/", StringComparison.Ordinal) && !path.StartsWith("/poet/health", StringComparison.Ordinal))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            }

            return Task.CompletedTask;
        });
    }
}
