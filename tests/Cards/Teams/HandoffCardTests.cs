using LeadBot.Cards;
using static LeadBot.Tests.Cards.Teams.TeamsCardKit;

namespace LeadBot.Tests.Cards.Teams;

public class HandoffCardTests
{
    [Fact]
    public void Claimed_ForEveryone_RefreshesOnlyForTheOwner()
    {
        var card = AdaptiveCards.Claimed(Examples.Claimed(), forOwner: false);
        var refresh = card["refresh"]!;
        Assert.Equal("Action.Execute", refresh["action"]!["type"]!.GetValue<string>());
        Assert.Equal(CardVerbs.Refresh, refresh["action"]!["verb"]!.GetValue<string>());
        Assert.Equal(Examples.Lead.LeadId, refresh["action"]!["data"]![CardData.LeadId]!.GetValue<string>());
        Assert.Equal([Examples.Alice.TeamsAadObjectId], refresh["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
    }

    [Fact]
    public void Claimed_ForEveryone_HidesContactDetailsAndHasNoButtons()
    {
        var card = AdaptiveCards.Claimed(Examples.Claimed(), forOwner: false);
        Assert.DoesNotContain("jordan.smith@contoso.example", card.ToJsonString());
        Assert.Empty(Actions(card));
        var text = AllVisible(card);
        Assert.Contains("Accepted by Alice Martin", text);
        Assert.Contains("time to claim 12 min", text);
        Assert.Contains("{{DATE(2026-03-02T09:17:00Z, SHORT)}}", text);
    }

    [Fact]
    public void Claimed_ForOwner_ShowsContactDetailsAndOutcomeButtons()
    {
        var card = AdaptiveCards.Claimed(Examples.Claimed(), forOwner: true);
        Assert.Contains(Facts(card), f => f is ("Email", "jordan.smith@contoso.example"));
        Assert.Contains(Facts(card), f => f is ("Phone", "+44 20 7946 0958"));
        Assert.Null(card["refresh"]);
        Assert.Equal(Outcomes.All.Select(o => o.Code), OfType(card, "Action.Execute").Select(a => a["data"]![CardData.Outcome]!.GetValue<string>()));
    }

    [Fact]
    public void Claimed_OwnerWithoutObjectId_GetsNoRefresh()
    {
        var card = AdaptiveCards.Claimed(Examples.Claimed(owner: Examples.Tom), forOwner: false);
        Assert.Null(card["refresh"]);
    }

    [Fact]
    public void Outcome_HasSixExecuteButtonsWithLeadIdAndOutcomeInData()
    {
        var actions = OfType(AdaptiveCards.Outcome(Examples.Outcome()), "Action.Execute").ToList();
        Assert.Equal(6, actions.Count);
        Assert.All(actions, a =>
        {
            Assert.Equal("None", a["associatedInputs"]!.GetValue<string>());
            Assert.Equal(CardVerbs.Outcome, a["verb"]!.GetValue<string>());
            Assert.Equal(Examples.Lead.LeadId, a["data"]![CardData.LeadId]!.GetValue<string>());
            Assert.True(Outcomes.IsValid(a["data"]![CardData.Outcome]!.GetValue<string>()));
        });
    }

    [Fact]
    public void Rejected_ShowsWhoReasonLabelAndComment()
    {
        var text = AllVisible(AdaptiveCards.Rejected(Examples.Rejected()));
        Assert.Contains("Rejected by Alice Martin", text);
        Assert.Contains("Not our ideal customer: wrong region", text);
        Assert.Contains("HQ is in Brazil & they want a LATAM partner.", text);
    }

    [Fact]
    public void Escalated_MentionsManagersWithTheirObjectIds()
    {
        var card = AdaptiveCards.Escalated(Examples.Escalated());
        var entity = Assert.Single(card["msteams"]!["entities"]!.AsArray())!;
        Assert.Equal("<at>Maria Garcia</at>", entity["text"]!.GetValue<string>());
        Assert.Equal(Examples.Maria.TeamsAadObjectId, entity["mentioned"]!["id"]!.GetValue<string>());
        var text = string.Join("\n", MarkdownTexts(card));
        Assert.Contains("<at>Maria Garcia</at>, Tom Becker, please assign it", text);
        Assert.Equal(2, Actions(card).Count);
    }

    [Fact]
    public void Escalated_ManagersWithTheSameName_GetDistinctMentions()
    {
        var twin = Examples.Maria with { TeamsAadObjectId = "11111111-2222-3333-4444-555555555555" };
        var entities = AdaptiveCards.Escalated(Examples.Escalated(managers: [Examples.Maria, twin, Examples.Maria]))["msteams"]!["entities"]!.AsArray();
        Assert.Equal(["<at>Maria Garcia</at>", "<at>Maria Garcia (2)</at>"], entities.Select(e => e!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void Expired_SaysSoAndHasNoButtons()
    {
        var card = AdaptiveCards.Escalated(Examples.Escalated(expired: true));
        Assert.Empty(Actions(card));
        Assert.Contains("Expired: nobody accepted this lead within 1 d", AllVisible(card));
    }

    [Fact]
    public void MyLeads_ShowsOwnContactDetailsAndOutcomeButtonsPerLead()
    {
        var card = AdaptiveCards.MyLeads(Examples.MyLeads());
        Assert.Contains(Facts(card), f => f is ("Email", "li.wei@fabrikam.example"));
        Assert.Equal(2, OfType(card, "Action.ShowCard").Count());
        Assert.Equal(12, OfType(card, "Action.Execute").Count());
        Assert.Contains("Contacted", AllVisible(card));
    }

    [Fact]
    public void Help_ListsEveryCommand()
    {
        var facts = Facts(AdaptiveCards.Help(Examples.Help())).ToList();
        Assert.Equal(Examples.Help().Commands.Select(c => c.Command), facts.Select(f => Visible(f.Title)));
    }

    [Fact]
    public void Pipeline_ShowsStagesKpisLoadAndWarnings()
    {
        var card = AdaptiveCards.Pipeline(Examples.Pipeline());
        var text = AllVisible(card);
        Assert.Contains(Facts(card), f => f is ("Won", "2"));
        Assert.Contains(Facts(card), f => f is ("Acceptance rate", "75 %"));
        Assert.Contains(Facts(card), f => f is ("Speed to lead (p90)", "2 h 30 min"));
        Assert.Contains("Northwind Traders · 5 h", text);
        Assert.Contains("Tom Becker", text);
        Assert.Contains("has no Teams or Slack account", text);
        Assert.Single(OfType(card, "Image"));
    }

    [Fact]
    public void Feedback_ShowsRowsReasonLabelsAndComments()
    {
        var card = AdaptiveCards.Feedback(Examples.Feedback());
        var text = AllVisible(card);
        Assert.Contains("Web form / Spring webinar 2026", text);
        Assert.Contains("Not our ideal customer: too small", text);
        Assert.Contains("Phone number does not exist, email bounces.", text);
        Assert.Equal(4, OfType(card, "TableRow").Count());
    }
}
