using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Agreement;
using LeadBot.Channels;
using LeadBot.Channels.Teams;
using LeadBot.Storage;
using LeadBot.Tests.Channels.Teams;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>
/// The weekly review digest (Criteria:Review:Cron) through the outbox to Teams: a week of wrong-industry rejections
/// makes it propose the change (whose card goes out with Approve / Decline) and tell the sales managers and marketing
/// what the evidence says and which commitment was missed; a quiet week sends nothing.
/// </summary>
public sealed class ReviewDigestTests
{
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly JsonObject Mia = Activities.User("aad-mia", "Mia Chen");
    private const string MartaChat = "a:personal-aad-marta", MiaChat = "a:personal-aad-mia";

    // The test runs the schedule itself: a check interval longer than the test's clock moves keeps the background loop out of its way.
    private static TeamsTestApp App() => new(new() { ["Criteria:Review:Cron"] = "0 9 * * 1", ["Insights:Digests:CheckEvery"] = "30.00:00:00" });

    [Fact]
    public async Task AWeekOfWrongIndustryRejections_ProposesTheChange_AndTellsManagersAndMarketing()
    {
        await using var app = App();
        app.Fake.Directory["aad-marta"] = AgreementScenario.Manager;
        app.Fake.Directory["aad-mia"] = AgreementScenario.Marketer;
        foreach (var who in new[] { Marta, Mia }) Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(Activities.Personal(app, who, "criteria"))).StatusCode);
        await AgreementScenario.RetailRejected(app.Api());
        foreach (var m in app.Store.TakeDue(app.Clock.GetUtcNow(), 1000, "test", TimeSpan.FromMinutes(5))) app.Store.Complete(m.Id, "test", app.Clock.GetUtcNow());

        Assert.Empty(app.Get<ReviewDigest>().RunDue()); // Monday 09:00 has not come again yet
        app.Clock.Advance(TimeSpan.FromDays(7));
        var digests = app.Get<ReviewDigest>().RunDue();

        // Marketing once, and each sales manager once (Grace manages two teams).
        Assert.Equal(["marketing", "rep:dana.brooks@contoso.com", "rep:grace.manager@contoso.com", "rep:marta.novak@contoso.com"], digests.Select(d => d.Audience).Order());
        var proposal = Assert.Single(app.Get<Proposals>().Pending());
        Assert.Equal((Proposals.ReviewAuthor, "remove Retail from industries"), (proposal.Proposal.By, proposal.Proposal.Summary));
        Assert.Empty(app.Get<ReviewDigest>().RunDue()); // the slot is done: a second check (or instance) adds nothing

        await app.DeliverOutboxAsync();
        foreach (var chat in new[] { MartaChat, MiaChat })
        {
            var posts = app.Fake.ConnectorCalls.Where(c => c.Method == "POST" && c.Path == $"/amer/v3/conversations/{chat}/activities").Select(c => c.Body!.ToJsonString()).ToList();
            var digest = Assert.Single(posts, p => p.Contains("Weekly agreement review", StringComparison.Ordinal));
            Assert.Contains("remove Retail from industries: 20 of 20 industry Retail leads", digest, StringComparison.Ordinal);
            Assert.Contains($"Proposal {proposal.Proposal.Id} waits for a sales manager", digest, StringComparison.Ordinal);
            Assert.Contains("EMEA: acceptance 0 % is below 90 %", digest, StringComparison.Ordinal);
            // The proposal itself, with its buttons, by the weekly review.
            var card = Assert.Single(posts, p => p.Contains("proposal-approve", StringComparison.Ordinal));
            Assert.Contains("proposed by the weekly review", card, StringComparison.Ordinal);
        }
        Assert.Single(app.Get<Deliveries>().ForLead(proposal.Proposal.Id, TeamsBot.Platform), p => p.ConversationId == MartaChat);
    }

    [Fact]
    public async Task AQuietWeek_SendsNothing()
    {
        await using var app = App();
        app.Clock.Advance(TimeSpan.FromDays(7));

        Assert.Empty(app.Get<ReviewDigest>().RunDue());
        Assert.DoesNotContain(app.Store.TakeDue(app.Clock.GetUtcNow(), 1000, "test", TimeSpan.FromMinutes(5)), m => m.Kind == OutboxMessage.Kinds.Digest);
        Assert.Empty(app.Get<Proposals>().Pending());
    }
}
