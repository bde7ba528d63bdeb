using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeadBot.Commands;
using LeadBot.Handoff;
using LeadBot.Health;
using LeadBot.Insights;
using LeadBot.Intake;
using LeadBot.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddStorage();
builder.AddHandoff();
builder.AddChatCommands();
builder.AddInsights();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    // Reasons like "score 82 ≥ 70" should read as written, not as \u2265.
    o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
});

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapIntake();
app.MapHandoff();
app.MapInsights();

app.Run();

public partial class Program;
