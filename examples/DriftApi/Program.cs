using System.Text.Json.Serialization;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using DriftApi;
using Poet;

var builder = WebApplication.CreateBuilder(args);

// Autofac is the container; POET and the detector are registered in PoetWiring.
builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
builder.Host.ConfigureContainer<ContainerBuilder>((context, container) => PoetWiring.Configure(container, context.Configuration));

builder.Services.AddControllers()
    .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddPoetEndpoints();   // API key: POET_API_KEY, AITOMATIC_API_KEY or Poet:Endpoints:ApiKey
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<PoetExceptionHandler>();
builder.Services.AddOpenApi(OpenApiConventions.Apply);   // API-key scheme, operationIds, licence

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseUtf8JsonOnly();                 // 415 for a body in another charset
app.MapOpenApi();                      // GET /openapi/v1.json
app.MapControllers();                  // POST /drift/check, POST /drift/{executionId}/feedback
app.MapPoetEndpoints();                // /poet/functions, /poet/feedback, /poet/executions/{id}, /poet/health

await app.RunAsync();
