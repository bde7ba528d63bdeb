using LeadBot.Cards;
using static LeadBot.Tests.Cards.Teams.TeamsCardKit;

namespace LeadBot.Tests.Cards.Teams;

public class AnnouncementCardTests
{
    [Fact]
    public void Announcement_HidesEmailAndPhoneByDefault()
    {
        var card = AdaptiveCards.Announcement(Examples.Announcement());
        var json = card.ToJsonString();
        Assert.DoesNotContain("jordan.smith@contoso.example", json);
        Assert.DoesNotContain("7946", json);
        Assert.DoesNotContain(Facts(card), f => f.Title is "Email" or "Phone");
    }

    [Fact]
    public void Announcement_ShowsEmailWhenAdminAllowsIt()
    {
        var fields = ChannelFields.Parse("name,company,email");
        var card = AdaptiveCards.Announcement(Examples.Announcement(fields: fields));
        Assert.Contains(Facts(card), f => f is ("Email", "jordan.smith@contoso.example"));
        Assert.DoesNotContain(Facts(card), f => f.Title is "Phone" or "Score" or "Industry");
    }

    [Fact]
    public void Announcement_WithNameHidden_HeadlinesTheCompany()
    {
        var card = AdaptiveCards.Announcement(Examples.Announcement(fields: ChannelFields.Parse("company,score")));
        var text = AllVisible(card);
        Assert.DoesNotContain("Jordan", text);
        Assert.DoesNotContain("VP Operations", text);
        Assert.Contains("New lead: Contoso Ltd", card["fallbackText"]!.GetValue<string>());
    }

    [Fact]
    public void Announcement_AcceptIsActionExecuteWithLeadIdAndNoInputs()
    {
        var accept = Actions(AdaptiveCards.Announcement(Examples.Announcement()))[0]!;
        Assert.Equal("Action.Execute", accept["type"]!.GetValue<string>());
        Assert.Equal(CardVerbs.Accept, accept["verb"]!.GetValue<string>());
        Assert.Equal(Examples.Lead.LeadId, accept["data"]![CardData.LeadId]!.GetValue<string>());
        // Accept must not trip the required reason of the hidden reject form.
        Assert.Equal("None", accept["associatedInputs"]!.GetValue<string>());
    }

    [Fact]
    public void Announcement_RejectOpensFormWithRequiredReasonCommentAndRejectVerb()
    {
        var reject = Actions(AdaptiveCards.Announcement(Examples.Announcement()))[1]!;
        Assert.Equal("Action.ShowCard", reject["type"]!.GetValue<string>());
        var form = reject["card"]!.AsObject();
        var reason = Assert.Single(OfType(form, "Input.ChoiceSet"));
        Assert.Equal(CardData.Reason, reason["id"]!.GetValue<string>());
        Assert.True(reason["isRequired"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(reason["errorMessage"]?.GetValue<string>()));
        Assert.Equal(RejectionReasons.All.Select(r => r.Code), reason["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        var comment = Assert.Single(OfType(form, "Input.Text"));
        Assert.Equal(CardData.Comment, comment["id"]!.GetValue<string>());
        var submit = Assert.Single(form["actions"]!.AsArray())!;
        Assert.Equal(("Action.Execute", CardVerbs.Reject, "Auto"),
            (submit["type"]!.GetValue<string>(), submit["verb"]!.GetValue<string>(), submit["associatedInputs"]!.GetValue<string>()));
        Assert.Equal(Examples.Lead.LeadId, submit["data"]![CardData.LeadId]!.GetValue<string>());
    }

    [Fact]
    public void Announcement_ShowsWhyItQualifiedAndWhyItWasRouted()
    {
        var text = AllVisible(AdaptiveCards.Announcement(Examples.Announcement()));
        Assert.Contains("score 82 ≥ 70", text);
        Assert.Contains("industry Manufacturing is in ICP", text);
        Assert.Contains("routed to EMEA: region = EMEA", text);
        Assert.Contains("Qualified 25 min ago", text);
    }

    [Fact]
    public void Announcement_WithMissingFields_HidesEmptyFactsAndSections()
    {
        var card = AdaptiveCards.Announcement(Examples.Announcement(Examples.MinimalLead));
        Assert.Equal([("Source", "Web form")], Facts(card));
        var text = AllVisible(card);
        Assert.Contains("Lead LEAD-2026-00001", text);
        Assert.DoesNotContain("Why it qualified", text);
        Assert.DoesNotContain("Why it came here", text);
        Assert.DoesNotContain(MarkdownTexts(card), t => string.IsNullOrWhiteSpace(t));
    }

    [Fact]
    public void Announcement_WithVeryLongFields_TruncatesWithEllipsisAndCapsReasons()
    {
        var card = AdaptiveCards.Announcement(Examples.Announcement(Examples.LongLead, ChannelFields.All));
        Assert.All(MarkdownTexts(card), t => Assert.True(t.Length <= 1000, $"{t.Length} chars"));
        Assert.Contains(MarkdownTexts(card), t => t.EndsWith('…'));
        Assert.Contains("and 192 more", AllVisible(card));
        Assert.All(MarkdownTexts(card), t => Assert.False(HasLoneSurrogate(t), "a cut split a surrogate pair"));
    }

    [Fact]
    public void Announcement_RendersNonLatinNamesUnchanged()
    {
        var text = AllVisible(AdaptiveCards.Announcement(Examples.Announcement(Examples.NonLatinLead)));
        Assert.Contains("美咲 佐藤", text);
        Assert.Contains("営業部長 at 株式会社サンプル", text);
        Assert.Contains("Производство", text);
        Assert.Contains("حملة الربيع", text);
        Assert.Contains("👩🏽‍💼", text);
    }

    [Fact]
    public void Announcement_MentionsOnlyPeopleWithObjectIds()
    {
        var card = AdaptiveCards.Announcement(Examples.Announcement(mentions: [Examples.Alice, Examples.Tom]));
        var entity = Assert.Single(card["msteams"]!["entities"]!.AsArray())!;
        Assert.Equal("<at>Alice Martin</at>", entity["text"]!.GetValue<string>());
        Assert.Contains("Tom Becker", AllVisible(card));
    }

    internal static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))) return true;
            if (char.IsLowSurrogate(s[i]) && (i == 0 || !char.IsHighSurrogate(s[i - 1]))) return true;
        }
        return false;
    }
}
