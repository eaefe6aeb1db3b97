using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary>Conventions shared by the <c>/poet</c> endpoints: API-key guard and the problems each may answer with.</summary>
internal static class EndpointConventions
{
    /// <summary>Guards the endpoint with the API key and documents 401/403.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="access">What the endpoint does.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder RequireApiKey(this RouteHandlerBuilder builder, PoetAccess access) => builder
        .AddEndpointFilter(new ApiKeyEndpointFilter(access))
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Documents the problems of an endpoint that reads a JSON body.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// Documents a JSON request body of type <typeparamref name="T"/> in the OpenAPI description. Unlike
    /// <c>Accepts&lt;T&gt;</c>, it adds no content-type matching to routing, so a wrong content type reaches the
    /// endpoint's own check and gets a 415 problem that says what to send (and only after the API key check).
    /// </summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="builder">The endpoint.</param>
    /// <returns>The endpoint, for chaining.</returns>
    public static RouteHandlerBuilder DescribesJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), cancellationToken: cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new OpenApiMediaType { Schema = schema },
                },
            };
        });

    /// <summary>Writes <paramref name="value"/> with the endpoints' JSON settings.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="value">The response.</param>
    /// <param name="statusCode">The status code.</param>
    /// <returns>The result.</returns>
    public static IResult Json<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(value, PoetJson.Options, statusCode: statusCode);
}
