using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Teams.Ac;

namespace LeadBot.Cards.Teams;

/// <summary>Cards only one person sees (my leads, help, errors), so contact details may show.</summary>
internal static class PersonalCards
{
    const int MaxLeads = 10, MaxCommands = 20;

    public static JsonObject MyLeads(MyLeadsView view)
    {
        var leads = view.Leads ?? [];
        JsonArray body = [Title(leads.Count == 0 ? "You have no open leads" : $"Your leads ({TextFormat.Number(leads.Count)})")];
        if (leads.Count == 0) body.Add(TextBlock("New leads for your team will show up in the team channel."));
        foreach (var lead in leads.OrderBy(l => l.QualifiedAt ?? DateTimeOffset.MaxValue).Take(MaxLeads))
        {
            var subline = new[] { LeadSummary.Subline(lead, ChannelFields.All), LeadSummary.State(lead.State), LeadSummary.Qualified(lead, view.Now) };
            var contact = LeadSummary.Facts(lead, ContactOnly).Select(f => (f.Label, Esc(f.Value)));
            body.Add(Container(Items(
                TextBlock(Esc(LeadSummary.Headline(lead, ChannelFields.All)), weight: "Bolder"),
                Subtle(string.Join(" · ", subline.OfType<string>().Select(s => Esc(s, LineMax))), "None"),
                Facts(contact),
                ActionSet([ShowCard("Record outcome", new JsonArray(LeadCards.OutcomeActionSets(lead.LeadId).ToArray<JsonNode>()), [])], "Small")),
                separator: true, spacing: "Medium"));
        }
        if (leads.Count > MaxLeads) body.Add(Subtle($"and {leads.Count - MaxLeads} more: see your Home tab or CRM", "Medium"));
        return Card(body, null, leads.Count == 0 ? "You have no open leads" : $"You have {leads.Count} open leads");
    }

    public static JsonObject Help(HelpView view)
    {
        var commands = view.Commands ?? [];
        JsonArray body = Items(
            Title("LeadBot help"),
            TextBlock("LeadBot hands qualified leads to your team. Accept a lead to own it; reject it with a reason so marketing learns."),
            Heading("Commands"),
            Facts(commands.Take(MaxCommands).Select(c => (Esc(c.Command, 60), Esc(c.Description, LineMax)))));
        return Card(body, null, "LeadBot help");
    }

    public static JsonObject Error(string title, string message)
    {
        JsonArray body =
        [
            TextBlock("⚠️ " + Esc(TextFormat.Line(title) ?? "Something went wrong"), weight: "Bolder", color: "Attention", size: "Medium"),
            TextBlock(TextFormat.Fit(TextFormat.Paragraphs(message) ?? "Please try again in a moment.", CommentMax, Markup.Teams)),
        ];
        return Card(body, null, Esc(TextFormat.Line(title) ?? "Something went wrong"));
    }

    static readonly ChannelFields ContactOnly = new(new HashSet<string>([LeadFields.Email, LeadFields.Phone]));
}
