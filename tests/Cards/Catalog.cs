using System.Text.Json.Nodes;
using LeadBot.Cards;

namespace LeadBot.Tests.Cards;

/// <summary>Every card in both formats for a given lead, so each rule is checked on all of them.</summary>
internal static class Catalog
{
    public static IEnumerable<(string Name, JsonObject Card)> Teams(LeadView lead, PersonView? person = null)
    {
        var p = person ?? Examples.Alice;
        yield return ("announcement", AdaptiveCards.Announcement(Examples.Announcement(lead, mentions: [p])));
        yield return ("announcement-all-fields", AdaptiveCards.Announcement(Examples.Announcement(lead, ChannelFields.All)));
        yield return ("claimed", AdaptiveCards.Claimed(Examples.Claimed(lead, p), forOwner: false));
        yield return ("claimed-owner", AdaptiveCards.Claimed(Examples.Claimed(lead, p), forOwner: true));
        yield return ("rejected", AdaptiveCards.Rejected(Examples.Rejected(lead, p, comment: lead.Industry ?? "")));
        yield return ("escalated", AdaptiveCards.Escalated(Examples.Escalated(lead, managers: [Examples.Maria, Examples.Tom, p])));
        yield return ("expired", AdaptiveCards.Escalated(Examples.Escalated(lead, expired: true)));
        yield return ("outcome", AdaptiveCards.Outcome(Examples.Outcome(lead)));
        yield return ("my-leads", AdaptiveCards.MyLeads(Examples.MyLeads([lead, lead with { LeadId = "LEAD-2" }])));
    }

    public static IEnumerable<(string Name, SlackMessage Message)> Slack(LeadView lead, PersonView? person = null)
    {
        var p = person ?? Examples.Alice;
        yield return ("announcement", BlockKit.Announcement(Examples.Announcement(lead, mentions: [p])));
        yield return ("announcement-all-fields", BlockKit.Announcement(Examples.Announcement(lead, ChannelFields.All)));
        yield return ("claimed", BlockKit.Claimed(Examples.Claimed(lead, p), forOwner: false));
        yield return ("claimed-owner", BlockKit.Claimed(Examples.Claimed(lead, p), forOwner: true));
        yield return ("rejected", BlockKit.Rejected(Examples.Rejected(lead, p, comment: lead.Industry ?? "")));
        yield return ("escalated", BlockKit.Escalated(Examples.Escalated(lead, managers: [Examples.Maria, Examples.Tom, p])));
        yield return ("expired", BlockKit.Escalated(Examples.Escalated(lead, expired: true)));
        yield return ("outcome", BlockKit.Outcome(Examples.Outcome(lead)));
        yield return ("my-leads", BlockKit.MyLeads(Examples.MyLeads([lead, lead with { LeadId = "LEAD-2" }])));
    }

    /// <summary>The example-lead cards plus the insight and utility cards: what the golden files and pictures show.</summary>
    public static IEnumerable<(string Name, JsonObject Card)> TeamsGolden()
    {
        yield return ("announcement", AdaptiveCards.Announcement(Examples.Announcement()));
        yield return ("claimed", AdaptiveCards.Claimed(Examples.Claimed(), forOwner: false));
        yield return ("claimed-owner", AdaptiveCards.Claimed(Examples.Claimed(), forOwner: true));
        yield return ("rejected", AdaptiveCards.Rejected(Examples.Rejected()));
        yield return ("escalated", AdaptiveCards.Escalated(Examples.Escalated()));
        yield return ("expired", AdaptiveCards.Escalated(Examples.Escalated(expired: true)));
        yield return ("outcome", AdaptiveCards.Outcome(Examples.Outcome()));
        yield return ("erased", AdaptiveCards.Erased(Examples.Erased()));
        yield return ("pipeline", AdaptiveCards.Pipeline(Examples.Pipeline()));
        yield return ("feedback", AdaptiveCards.Feedback(Examples.Feedback()));
        yield return ("my-leads", AdaptiveCards.MyLeads(Examples.MyLeads()));
        yield return ("help", AdaptiveCards.Help(Examples.Help()));
        yield return ("error", AdaptiveCards.Error("Could not accept the lead", "Someone else accepted it a moment ago. Refresh to see who."));
        yield return ("announcement-hostile", AdaptiveCards.Announcement(Examples.Announcement(Examples.HostileLead, ChannelFields.All, [Examples.HostilePerson])));
        yield return ("announcement-non-latin", AdaptiveCards.Announcement(Examples.Announcement(Examples.NonLatinLead)));
        yield return ("announcement-minimal", AdaptiveCards.Announcement(Examples.Announcement(Examples.MinimalLead)));
        yield return ("agreement-scorecard", AdaptiveCards.Scorecard(AgreementExamples.Scorecard()));
        yield return ("agreement-proposal", AdaptiveCards.Proposal(AgreementExamples.Proposal()));
        yield return ("agreement-proposal-applied", AdaptiveCards.Proposal(AgreementExamples.Applied()));
        yield return ("agreement-proposal-declined", AdaptiveCards.Proposal(AgreementExamples.Declined()));
        yield return ("agreement-sections", AdaptiveCards.Sections(AgreementExamples.Sections()));
    }

    public static IEnumerable<(string Name, JsonObject Payload)> SlackGolden()
    {
        yield return ("announcement", BlockKit.Announcement(Examples.Announcement()).ToPayload());
        yield return ("claimed", BlockKit.Claimed(Examples.Claimed(), forOwner: false).ToPayload());
        yield return ("claimed-owner", BlockKit.Claimed(Examples.Claimed(), forOwner: true).ToPayload());
        yield return ("rejected", BlockKit.Rejected(Examples.Rejected()).ToPayload());
        yield return ("escalated", BlockKit.Escalated(Examples.Escalated()).ToPayload());
        yield return ("expired", BlockKit.Escalated(Examples.Escalated(expired: true)).ToPayload());
        yield return ("outcome", BlockKit.Outcome(Examples.Outcome()).ToPayload());
        yield return ("erased", BlockKit.Erased(Examples.Erased()).ToPayload());
        yield return ("pipeline", BlockKit.Pipeline(Examples.Pipeline()).ToPayload());
        yield return ("feedback", BlockKit.Feedback(Examples.Feedback()).ToPayload());
        yield return ("my-leads", BlockKit.MyLeads(Examples.MyLeads()).ToPayload());
        yield return ("help", BlockKit.Help(Examples.Help()).ToPayload());
        yield return ("error", BlockKit.Error("Could not accept the lead", "Someone else accepted it a moment ago.").ToPayload());
        yield return ("reject-modal", BlockKit.RejectModal(Examples.Lead.LeadId, BlockKit.RejectModalMetadata(Examples.Lead.LeadId, "C07SALESLDS", "1718035300.000200")));
        yield return ("home", BlockKit.Home(Examples.MyLeads()));
        yield return ("announcement-hostile", BlockKit.Announcement(Examples.Announcement(Examples.HostileLead, ChannelFields.All, [Examples.HostilePerson])).ToPayload());
        yield return ("agreement-scorecard", BlockKit.Scorecard(AgreementExamples.Scorecard()).ToPayload());
        yield return ("agreement-proposal", BlockKit.Proposal(AgreementExamples.Proposal()).ToPayload());
        yield return ("agreement-proposal-applied", BlockKit.Proposal(AgreementExamples.Applied()).ToPayload());
        yield return ("agreement-proposal-declined", BlockKit.Proposal(AgreementExamples.Declined()).ToPayload());
        yield return ("agreement-sections", BlockKit.Sections(AgreementExamples.Sections()).ToPayload());
        yield return ("agreement-decline-modal", BlockKit.DeclineModal("P0MA1Z7Q2K9XH4N", "D07MIAMKTG0"));
    }
}
