using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Teams.Ac;

namespace LeadBot.Cards.Teams;

/// <summary>The cards of one lead's handoff: announcement, claimed, rejected, escalated, outcome.</summary>
internal static class LeadCards
{
    const int MaxReasons = 8;

    public static JsonObject Announcement(AnnouncementView view)
    {
        var lead = view.Lead;
        var mentions = new Mentions();
        var body = LeadBlock(lead, view.Fields, "New lead for " + Esc(lead.TeamName));
        if (LeadSummary.Qualified(lead, view.Now) is { } q) body.Add(Subtle(q));
        AddWhy(body, lead);
        if (view.Mentions is { Count: > 0 } people) body.Add(TextBlock("For " + mentions.Join(people.Take(20)), spacing: "Medium"));
        JsonArray actions = [Execute("Accept", CardVerbs.Accept, LeadData(lead.LeadId)), RejectForm(lead.LeadId)];
        return Card(body, actions, "New lead: " + Esc(LeadSummary.Headline(lead, view.Fields)), mentions: mentions.Entities);
    }

    public static JsonObject Claimed(ClaimedView view, bool forOwner)
    {
        var lead = view.Lead;
        var fields = forOwner ? ChannelFields.All : view.Fields;
        var body = LeadBlock(lead, fields, "Lead for " + Esc(lead.TeamName));
        body.Insert(0, Container(
            [TextBlock("✅ Accepted by " + Esc(view.Owner.DisplayName, 60), weight: "Bolder", color: "Good"),
             Subtle($"{DateTime(view.ClaimedAt)} · time to claim {TextFormat.Duration(view.TimeToClaim)}", "None")],
            style: "good"));
        JsonObject? refresh = null;
        if (forOwner)
        {
            body.Add(Heading("Record the outcome"));
            foreach (var set in OutcomeActionSets(lead.LeadId)) body.Add(set);
        }
        else if (RefreshId(view.Owner) is { } ownerId)
        {
            // Only the owner's client fetches the owner version (contact details, outcome buttons) through the refresh.
            refresh = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.Refresh, ["data"] = LeadData(lead.LeadId) },
                ["userIds"] = new JsonArray(ownerId),
            };
        }
        var fallback = $"Lead {Esc(LeadSummary.Headline(lead, view.Fields))} accepted by {Esc(view.Owner.DisplayName, 60)}";
        return Card(body, null, fallback, refresh);
    }

    /// <summary>
    /// Teams documents <c>refresh.userIds</c> as Teams user ids ("29:…"); the Entra object id is only a fallback for an owner
    /// the bot has not met yet, so the card still names them rather than refreshing for nobody.
    /// </summary>
    static string? RefreshId(PersonView person) =>
        person.TeamsUserId is { Length: > 0 } teamsId ? teamsId : person.TeamsAadObjectId is { Length: > 0 } aad ? aad : null;

    public static JsonObject Rejected(RejectedView view)
    {
        var lead = view.Lead;
        var body = LeadBlock(lead, view.Fields, "Lead for " + Esc(lead.TeamName));
        var facts = new List<(string, string)> { ("Reason", Esc(RejectionReasons.Label(view.Reason))) };
        JsonArray banner =
        [
            TextBlock("❌ Rejected by " + Esc(view.By.DisplayName, 60), weight: "Bolder", color: "Attention"),
            Subtle(DateTime(view.At), "None"),
            Facts(facts),
        ];
        if (TextFormat.Paragraphs(view.Comment) is { } comment)
            banner.Add(TextBlock("“" + TextFormat.Fit(comment, CommentMax, Markup.Teams) + "”"));
        body.Insert(0, Container(banner, style: "attention"));
        var fallback = $"Lead {Esc(LeadSummary.Headline(lead, view.Fields))} rejected by {Esc(view.By.DisplayName, 60)}";
        return Card(body, null, fallback);
    }

    public static JsonObject Escalated(EscalatedView view)
    {
        var lead = view.Lead;
        var mentions = new Mentions();
        var waited = TextFormat.Duration(view.Waiting);
        var title = view.Expired ? $"⏰ Expired: nobody accepted this lead within {waited}" : $"⚠️ Waiting {waited}: nobody has accepted this lead yet";
        JsonArray banner = [TextBlock(title, weight: "Bolder", color: view.Expired ? "Attention" : null)];
        if (view.Managers is { Count: > 0 } managers)
        {
            var ask = view.Expired ? "please decide what happens to it." : "please assign it or pick it up.";
            banner.Add(TextBlock(mentions.Join(managers.Take(20)) + ", " + ask, spacing: "Small"));
        }
        var body = LeadBlock(lead, view.Fields, "Lead for " + Esc(lead.TeamName));
        body.Insert(0, Container(banner, style: view.Expired ? "attention" : "warning"));
        if (LeadSummary.Qualified(lead, view.Now) is { } q) body.Add(Subtle(q));
        AddWhy(body, lead);
        JsonArray? actions = view.Expired ? null : [Execute("Accept", CardVerbs.Accept, LeadData(lead.LeadId)), RejectForm(lead.LeadId)];
        var fallback = (view.Expired ? "Lead expired: " : "Lead waiting: ") + Esc(LeadSummary.Headline(lead, view.Fields));
        return Card(body, actions, fallback, mentions: mentions.Entities);
    }

    public static JsonObject Outcome(OutcomeView view)
    {
        var lead = view.Lead;
        var body = LeadBlock(lead, ChannelFields.All, "Your lead · " + Esc(lead.TeamName));
        body.Add(Subtle("Current state: " + Esc(LeadSummary.State(lead.State))));
        if (LeadSummary.Qualified(lead, view.Now) is { } q) body.Add(Subtle(q, "None"));
        body.Add(Heading("What happened with this lead?"));
        foreach (var set in OutcomeActionSets(lead.LeadId)) body.Add(set);
        return Card(body, null, "Record the outcome for " + Esc(LeadSummary.Headline(lead, ChannelFields.All)));
    }

    /// <summary>No name, no company, no buttons: the person's data is gone and nobody can work the lead any more.</summary>
    public static JsonObject Erased(ErasedView view)
    {
        JsonArray body =
        [
            Subtle("Lead for " + Esc(view.TeamName)),
            Container(
                [TextBlock("Personal data erased", weight: "Bolder"),
                 TextBlock(ErasedText.Explanation, spacing: "Small"),
                 Subtle($"{Esc(view.LeadId)} · {Esc(LeadSummary.State(view.State))} · erased {DateTime(view.ErasedAt)}", "Small")],
                style: "emphasis"),
        ];
        return Card(body, null, "Lead " + Esc(view.LeadId) + ": personal data erased");
    }

    /// <summary>Kicker, headline, "title at company" and the allowed facts.</summary>
    internal static JsonArray LeadBlock(LeadView lead, ChannelFields fields, string kicker) => Items(
        Subtle(kicker),
        TextBlock(Esc(LeadSummary.Headline(lead, fields)), size: "Large", weight: "Bolder", spacing: "None"),
        LeadSummary.Subline(lead, fields) is { } sub ? TextBlock(Esc(sub, LineMax), spacing: "None") : null,
        LeadFacts(lead, fields));

    /// <summary>The six outcome buttons as two rows of three: one row of six does not fit a chat-width card.</summary>
    internal static IEnumerable<JsonObject> OutcomeActionSets(string leadId) => Outcomes.All.Chunk(3).Select((row, i) => ActionSet(
        new JsonArray(row.Select(o => (JsonNode)Execute(o.Label, CardVerbs.Outcome,
            new JsonObject { [CardData.LeadId] = leadId, [CardData.Outcome] = o.Code })).ToArray()), i == 0 ? null : "Small"));

    /// <summary>Reject opens a form inside the card; the reason is required, the comment too when the reason is "other" (checked by the bot).</summary>
    internal static JsonObject RejectForm(string leadId)
    {
        var choices = new JsonArray(RejectionReasons.All.Select(r => (JsonNode)new JsonObject { ["title"] = r.Label, ["value"] = r.Code }).ToArray());
        JsonArray body =
        [
            new JsonObject
            {
                ["type"] = "Input.ChoiceSet", ["id"] = CardData.Reason, ["label"] = "Why are you rejecting this lead?",
                ["style"] = "compact", ["isRequired"] = true, ["errorMessage"] = "Pick a reason.",
                ["placeholder"] = "Pick a reason", ["choices"] = choices,
            },
            new JsonObject
            {
                ["type"] = "Input.Text", ["id"] = CardData.Comment, ["label"] = "Comment for marketing (required for “Other”)",
                ["isMultiline"] = true, ["maxLength"] = CommentMax, ["placeholder"] = "What should marketing know?",
            },
        ];
        return ShowCard("Reject", body, [Execute("Reject lead", CardVerbs.Reject, LeadData(leadId), withInputs: true)]);
    }

    static void AddWhy(JsonArray body, LeadView lead)
    {
        var (reasons, hidden) = LeadSummary.Reasons(lead, MaxReasons);
        if (reasons.Count > 0)
        {
            body.Add(Heading("Why it qualified"));
            foreach (var r in reasons) body.Add(TextBlock("• " + Esc(r, LineMax), spacing: "None"));
            if (hidden > 0) body.Add(Subtle($"and {hidden} more", "None"));
        }
        if (TextFormat.Line(lead.RoutingReason) is { } routing)
        {
            body.Add(Heading("Why it came here"));
            body.Add(TextBlock(Esc(routing, LineMax), spacing: "None"));
        }
    }

    /// <summary>Adaptive Card date functions show the time in the reader's own time zone and locale.</summary>
    internal static string DateTime(DateTimeOffset at) =>
        $"{{{{DATE({TextFormat.Iso(at)}, SHORT)}}}} {{{{TIME({TextFormat.Iso(at)})}}}}";
}
