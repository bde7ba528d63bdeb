using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeadBot.Access;
using LeadBot.ApiDocs;
using LeadBot.Agreement;
using LeadBot.Channels.Slack;
using LeadBot.Commands;
using LeadBot.Channels.Teams;
using LeadBot.Dashboard;
using LeadBot.Handoff;
using LeadBot.Handoff.Delivery;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Health;
using LeadBot.Insights;
using LeadBot.Intake;
using LeadBot.Legal;
using LeadBot.Privacy;
using LeadBot.Storage;
using LeadBot.Telemetry;
using LeadBot.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddAccess();
builder.AddStorage();
builder.AddHandoff();
builder.AddAgreement();
builder.AddIntake();
builder.AddDelivery();
builder.AddWebhooks();
builder.AddApiDocs();
builder.AddServiceLevels();
builder.AddChatCommands();
builder.AddTeams();
builder.AddSlack();
builder.AddInsights();
builder.AddDashboard();
builder.AddHealth();
builder.AddLegal();
builder.AddTelemetry();
builder.AddPrivacy();
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

app.UseAccess();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDashboard();
app.MapHealth();
app.MapLegal();
app.MapIntake();
app.MapApiDocs();
app.MapHandoff();
app.MapOutbox();
app.MapTeams();
app.MapSlack();
app.MapInsights();
app.MapAgreement();
app.MapDashboard();
app.MapPrivacy();
CollectorSetting.WarnIfSmall(app);
AdminWarnings.LogAtStart(app);

app.Run();

public partial class Program;
