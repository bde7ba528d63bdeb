using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Slack.Blocks;

namespace LeadBot.Cards.Slack;

/// <summary>My leads (message and Home tab), help, errors and the reject modal: surfaces one person sees.</summary>
internal static class PersonalMessages
{
    // Three blocks per lead: 15 leads fit a 50-block message, 30 a 100-block Home tab, with room for the header.
    const int MaxLeadsMessage = 15, MaxLeadsHome = 30, MaxCommands = 20;

    public static SlackMessage MyLeads(MyLeadsView view)
    {
        var leads = view.Leads ?? [];
        var blocks = LeadList(view, MaxLeadsMessage);
        return new(leads.Count == 0 ? "You have no open leads" : $"You have {leads.Count} open leads", Array(blocks));
    }

    public static JsonObject Home(MyLeadsView view) => new()
    {
        ["type"] = "home",
        ["callback_id"] = SlackIds.HomeCallback,
        ["blocks"] = Array(LeadList(view, MaxLeadsHome)),
    };

    public static SlackMessage Help(HelpView view)
    {
        var blocks = new List<JsonObject?>
        {
            Header("LeadBot help"),
            Section("LeadBot hands qualified leads to your team. Accept a lead to own it; reject it with a reason so marketing learns."),
        };
        var text = new StringBuilder("*Commands*");
        foreach (var (command, description) in (view.Commands ?? []).Take(MaxCommands))
            text.Append("\n• *").Append(Md(command, 60)).Append("*: ").Append(Md(description, LineMax));
        blocks.Add(Section(text.ToString()));
        return new("LeadBot help", Array(blocks));
    }

    public static SlackMessage Error(string title, string message)
    {
        var heading = Md(TextFormat.Line(title) ?? "Something went wrong");
        var body = MdParagraphs(message, 2000) is { Length: > 0 } m ? m : "Please try again in a moment.";
        return new(heading, Array([Section($":warning: *{heading}*\n{body}")]));
    }

    static List<JsonObject?> LeadList(MyLeadsView view, int max)
    {
        var leads = view.Leads ?? [];
        var blocks = new List<JsonObject?>
        {
            Header(leads.Count == 0 ? "You have no open leads" : $"Your leads ({TextFormat.Number(leads.Count)})"),
        };
        if (leads.Count == 0) blocks.Add(Section("New leads for your team will show up in the team channel."));
        foreach (var lead in leads.OrderBy(l => l.QualifiedAt ?? DateTimeOffset.MaxValue).Take(max))
        {
            var facts = new[] { LeadSummary.Subline(lead, ChannelFields.All), LeadSummary.State(lead.State), LeadSummary.Qualified(lead, view.Now),
                TextFormat.Line(lead.Email), TextFormat.Line(lead.Phone) };
            blocks.Add(Divider());
            blocks.Add(Section($"*{Md(LeadSummary.Headline(lead, ChannelFields.All))}*\n{string.Join(" · ", facts.OfType<string>().Select(f => Md(f, LineMax)))}"));
            blocks.Add(LeadMessages.OutcomeButtons(lead.LeadId));
        }
        if (leads.Count > max) blocks.Add(Context($"and {leads.Count - max} more"));
        return blocks;
    }
}
