using LeadBot.Cards;
using static LeadBot.Tests.Cards.Slack.SlackKit;

namespace LeadBot.Tests.Cards.Slack;

public class LeadMessageTests
{
    [Fact]
    public void Announcement_UsesTheBlockAndActionIdsOfTheReferenceSample()
    {
        var sample = Sample("outbound/chat.postMessage.lead_announcement.json")["blocks"]!.AsArray();
        var blocks = BlockKit.Announcement(Examples.Announcement(Examples.Lead with { LeadId = "LEAD-2024-00042" })).Blocks;
        foreach (var id in new[] { "lead_header", "lead_summary", "lead_actions|LEAD-2024-00042", "lead_context" })
        {
            Assert.Contains(sample, b => b!["block_id"]!.GetValue<string>() == id);
            Assert.Equal(Block(sample, id)["type"]!.GetValue<string>(), Block(blocks, id)["type"]!.GetValue<string>());
        }
        var expected = Block(sample, "lead_actions|LEAD-2024-00042")["elements"]!.AsArray()
            .Select(e => (e!["action_id"]!.GetValue<string>(), e["value"]!.GetValue<string>(), e["style"]!.GetValue<string>()));
        var actual = Block(blocks, "lead_actions|LEAD-2024-00042")["elements"]!.AsArray()
            .Select(e => (e!["action_id"]!.GetValue<string>(), e["value"]!.GetValue<string>(), e["style"]!.GetValue<string>()));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SlackIds_MatchTheInboundSamples()
    {
        Assert.Equal(SlackIds.ActionAccept, Sample("inbound/interactivity/block_actions_lead_accept.json")["actions"]![0]!["action_id"]!.GetValue<string>());
        Assert.Equal(SlackIds.ActionReject, Sample("inbound/interactivity/block_actions_lead_reject.json")["actions"]![0]!["action_id"]!.GetValue<string>());
        var view = Sample("inbound/interactivity/view_submission_reject_lead.json")["view"]!;
        Assert.Equal(SlackIds.RejectModalCallback, view["callback_id"]!.GetValue<string>());
        Assert.NotNull(view["state"]!["values"]![SlackIds.ReasonBlock]![SlackIds.ReasonAction]);
        Assert.NotNull(view["state"]!["values"]![SlackIds.CommentBlock]![SlackIds.CommentAction]);
        Assert.Equal(SlackIds.HomeCallback, Sample("outbound/views.publish.app_home.json")["view"]!["callback_id"]!.GetValue<string>());
    }

    [Fact]
    public void Announcement_HidesEmailAndPhoneByDefault()
    {
        var json = BlockKit.Announcement(Examples.Announcement()).ToPayload().ToJsonString();
        Assert.DoesNotContain("jordan.smith@contoso.example", json);
        Assert.DoesNotContain("7946", json);
    }

    [Fact]
    public void Announcement_ShowsWhyItQualifiedWhyItWasRoutedAndFallbackText()
    {
        var message = BlockKit.Announcement(Examples.Announcement());
        var why = AllVisible(Block(message.Blocks, SlackIds.WhyBlock));
        Assert.Contains("score 82 ≥ 70", why);
        Assert.Contains("routed to EMEA: region = EMEA", why);
        Assert.Equal("New lead: Jordan Smith (score 82, EMEA Sales)", message.Text);
    }

    [Fact]
    public void Announcement_WithMissingFields_HasNoEmptyFieldsOrWhySection()
    {
        var blocks = BlockKit.Announcement(Examples.Announcement(Examples.MinimalLead)).Blocks;
        Assert.DoesNotContain(blocks, b => b!["block_id"]?.GetValue<string>() == SlackIds.WhyBlock);
        Assert.Equal(["*Source:*\nWeb form"], Block(blocks, SlackIds.SummaryBlock)["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void Announcement_RendersNonLatinNames()
    {
        var text = AllVisible(BlockKit.Announcement(Examples.Announcement(Examples.NonLatinLead)).ToPayload());
        Assert.Contains("美咲 佐藤", text);
        Assert.Contains("営業部長 at 株式会社サンプル", text);
        Assert.Contains("حملة الربيع", text);
    }

    [Fact]
    public void Claimed_ForEveryone_SaysWhoAndWhen_WithoutContactDetailsOrButtons()
    {
        var message = BlockKit.Claimed(Examples.Claimed(), forOwner: false);
        var status = Block(message.Blocks, SlackIds.StatusBlock)["elements"]![0]!["text"]!.GetValue<string>();
        Assert.StartsWith(":white_check_mark: Accepted by <@U07REPALICE> · <!date^", status);
        Assert.Contains("time to claim 12 min", status);
        Assert.DoesNotContain(message.Blocks, b => b!["type"]!.GetValue<string>() == "actions");
        Assert.DoesNotContain("jordan.smith@contoso.example", message.Blocks.ToJsonString());
    }

    [Fact]
    public void Claimed_ForOwner_ShowsContactDetailsAndOutcomeButtons()
    {
        var message = BlockKit.Claimed(Examples.Claimed(), forOwner: true);
        Assert.Contains("jordan.smith@contoso.example", AllVisible(message.ToPayload()));
        var buttons = Block(message.Blocks, SlackIds.OutcomesBlock(Examples.Lead.LeadId))["elements"]!.AsArray();
        Assert.Equal(Outcomes.All.Select(o => o.Code), buttons.Select(b =>
            SlackIds.TryParseOutcomeAction(b!["action_id"]!.GetValue<string>(), out var code) ? code : "?"));
        Assert.All(buttons, b => Assert.Equal(Examples.Lead.LeadId, b!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Rejected_ShowsWhoReasonAndComment()
    {
        var message = BlockKit.Rejected(Examples.Rejected());
        var text = AllVisible(message.ToPayload());
        Assert.Contains("Rejected by <@U07REPALICE> (Not our ideal customer: wrong region)", text);
        Assert.Contains("HQ is in Brazil & they want a LATAM partner.", text);
    }

    [Fact]
    public void Escalated_MentionsManagersBySlackId_AndNamesThoseWithout()
    {
        var text = Block(BlockKit.Escalated(Examples.Escalated()).Blocks, "lead_escalation")["text"]!["text"]!.GetValue<string>();
        Assert.StartsWith(":warning: <@U07MGRMARIA>, *Tom Becker*: nobody has accepted this lead for 4 h", text);
    }

    [Fact]
    public void Expired_HasNoButtons()
    {
        var blocks = BlockKit.Escalated(Examples.Escalated(expired: true)).Blocks;
        Assert.DoesNotContain(blocks, b => b!["type"]!.GetValue<string>() == "actions");
    }

    [Fact]
    public void RejectModal_MatchesTheReferenceModal_WithTheFullTaxonomy()
    {
        var sample = Sample("outbound/views.open.reject_modal.json")["view"]!;
        var metadata = BlockKit.RejectModalMetadata("LEAD-2024-00042", "C07SALESLDS", "1718035300.000200");
        var view = BlockKit.RejectModal("LEAD-2024-00042", metadata);
        Assert.Equal(sample["private_metadata"]!.GetValue<string>(), view["private_metadata"]!.GetValue<string>());
        Assert.Equal(sample["callback_id"]!.GetValue<string>(), view["callback_id"]!.GetValue<string>());
        Assert.Equal(sample["blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()),
            view["blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()));
        var select = Block(view["blocks"]!.AsArray(), SlackIds.ReasonBlock)["element"]!;
        Assert.Equal(SlackIds.ReasonAction, select["action_id"]!.GetValue<string>());
        Assert.Equal(RejectionReasons.All.Select(r => r.Code), select["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()));
        var comment = Block(view["blocks"]!.AsArray(), SlackIds.CommentBlock);
        Assert.Equal(SlackIds.CommentAction, comment["element"]!["action_id"]!.GetValue<string>());
        Assert.True(comment["optional"]!.GetValue<bool>());
    }

    [Fact]
    public void RejectModal_WithoutMetadata_CarriesTheLeadId()
    {
        var view = BlockKit.RejectModal("LEAD-7");
        Assert.Equal("{\"lead_id\":\"LEAD-7\"}", view["private_metadata"]!.GetValue<string>());
    }

    [Fact]
    public void Home_IsAHomeViewWithTheLeadsAndOutcomeButtons()
    {
        var view = BlockKit.Home(Examples.MyLeads());
        Assert.Equal(("home", SlackIds.HomeCallback), (view["type"]!.GetValue<string>(), view["callback_id"]!.GetValue<string>()));
        Assert.Equal(2, view["blocks"]!.AsArray().Count(b => b!["type"]!.GetValue<string>() == "actions"));
        Assert.Contains("li.wei@fabrikam.example", AllVisible(view));
    }

    [Fact]
    public void LongFields_AreTruncatedWithEllipsis()
    {
        var message = BlockKit.Announcement(Examples.Announcement(Examples.LongLead, ChannelFields.All));
        Assert.EndsWith("…", message.Blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains(TextObjects(message.Blocks, "mrkdwn"), t => t["text"]!.GetValue<string>().EndsWith('…'));
        Assert.Contains("_and 192 more_", AllVisible(message.Blocks));
    }
}
