using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LeadBot.Bench;

/// <summary>
/// Slack's Web API as far as a click needs it, on loopback: users.info names every user a bench rep (from
/// <see cref="Users"/>), every other method and every response_url answers ok at once. Slack's own answer time is not
/// what is measured: the bot's acknowledgement is.
/// </summary>
public sealed class BenchSlack : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchSlack(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }
    public string ApiBaseUrl => Url + "api/";
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    public static async Task<BenchSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        BenchSlack? slack = null;
        app.MapPost("/api/{method}", async (string method, HttpContext http) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
            if (method == "users.info" && form?["user"].ToString() is { } user && slack!.Users.TryGetValue(user, out var email))
                return Results.Json(new JsonObject
                {
                    ["ok"] = true,
                    ["user"] = new JsonObject { ["id"] = user, ["name"] = email, ["real_name"] = email, ["profile"] = new JsonObject { ["email"] = email, ["real_name"] = email } },
                });
            if (method == "conversations.open")
                return Results.Json(new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D0BENCH" + form?["users"] } });
            return Results.Json(new JsonObject { ["ok"] = true, ["channel"] = "C0BENCH", ["ts"] = "1700000000.000100" });
        });
        app.MapPost("/respond/{id}", () => Results.Ok());
        await app.StartAsync();
        slack = new BenchSlack(app, $"http://127.0.0.1:{new Uri(app.Urls.First()).Port}/");
        return slack;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
