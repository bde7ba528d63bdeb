using System.Net;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Handoff;

public sealed class RoundRobinTests : IDisposable
{
    private readonly LeadBotApp _app = new();
    private readonly HttpClient _api;

    public RoundRobinTests() => _api = _app.Api();

    public void Dispose() => _app.Dispose();

    private async Task<Lead> Post(string externalId)
    {
        var id = (string)(await (await _api.PostJsonAsync("/api/leads", SampleLeads.NorthAmerica(externalId))).BodyAsync())["id"]!;
        return _app.Store.Find(id)!;
    }

    [Fact]
    public async Task Leads_AreOfferedToOneRepAtATime_InRosterOrder()
    {
        var leads = new List<Lead>();
        for (var i = 0; i < 4; i++) leads.Add(await Post($"rr-{i}"));

        Assert.Equal(["jamie.lee@contoso.com", "sam.patel@contoso.com", "alex.morgan@contoso.com", "jamie.lee@contoso.com"], leads.Select(l => l.OfferedTo));
        var offer = _app.Store.TakeDue(LeadBotApp.Start.AddMinutes(1), 100, "t", TimeSpan.FromMinutes(1)).Single(m => m.LeadId == leads[0].Id);
        Assert.Equal(("offer", "rep:jamie.lee@contoso.com"), (offer.Kind, offer.Audience));
    }

    [Fact]
    public async Task RepMarkedAway_IsSkipped_UntilBack()
    {
        var roster = _app.Get<Roster>();
        roster.SetAway("sam.patel@contoso.com", LeadBotApp.Start.AddDays(2));

        var first = await Post("a-1");
        var second = await Post("a-2");
        roster.SetBack("sam.patel@contoso.com");
        var third = await Post("a-3");

        Assert.Equal("jamie.lee@contoso.com", first.OfferedTo);
        Assert.Equal("alex.morgan@contoso.com", second.OfferedTo);
        Assert.Equal("jamie.lee@contoso.com", third.OfferedTo);
        Assert.Equal("sam.patel@contoso.com", (await Post("a-4")).OfferedTo);
    }

    [Fact]
    public async Task AwayFromConfiguration_IsHonoured_AndExpires()
    {
        using var app = new LeadBotApp(new() { ["Routing:Teams:2:Members:0:AwayUntil"] = LeadBotApp.Start.AddHours(1).ToString("O") });
        var api = app.Api();

        var during = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.NorthAmerica("x1"))).BodyAsync())["id"]!;
        app.Clock.Advance(TimeSpan.FromHours(2));
        var after = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.NorthAmerica("x2"))).BodyAsync())["id"]!;

        Assert.Equal("sam.patel@contoso.com", app.Store.Find(during)!.OfferedTo);
        Assert.Equal("alex.morgan@contoso.com", app.Store.Find(after)!.OfferedTo);
    }

    [Fact]
    public async Task RepAtCapacity_IsSkipped()
    {
        using var app = new LeadBotApp(new() { ["Routing:Teams:2:Members:0:Capacity"] = "1" });
        var api = app.Api();
        var first = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.NorthAmerica("k1"))).BodyAsync())["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/leads/{first}/accept", new { rep = "jamie.lee@contoso.com" })).StatusCode);
        for (var i = 2; i <= 3; i++) await api.PostJsonAsync("/api/leads", SampleLeads.NorthAmerica($"k{i}"));

        var fourth = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.NorthAmerica("k4"))).BodyAsync())["id"]!;

        Assert.Equal("sam.patel@contoso.com", app.Store.Find(fourth)!.OfferedTo);
    }

    [Fact]
    public async Task OfferedLead_CanOnlyBeAcceptedByTheRepItIsOfferedTo()
    {
        var lead = await Post("o-1");

        var other = await _api.PostJsonAsync($"/api/leads/{lead.Id}/accept", new { rep = "sam.patel@contoso.com" });
        var offered = await _api.PostJsonAsync($"/api/leads/{lead.Id}/accept", new { rep = lead.OfferedTo });

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        Assert.Null(_app.Store.Find(lead.Id)!.OfferedTo);
    }
}
