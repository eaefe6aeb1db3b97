var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "PoetServer: under construction");
await app.RunAsync();
