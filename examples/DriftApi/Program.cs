var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "DriftApi: under construction");
await app.RunAsync();
