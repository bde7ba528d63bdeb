using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Slack.Blocks;

namespace LeadBot.Cards.Slack;

/// <summary>The agreement's scorecard and its sectioned answers as Block Kit: one section per team or heading, lines within.</summary>
internal static class AgreementMessages
{
    const int MaxSections = 12, MaxLines = 12, MaxTeams = 12, MaxReasons = 6;

    public static SlackMessage Sections(SectionsView view)
    {
        var blocks = new List<JsonObject?> { Header(Plain(view.Title)), Context(Md(view.Subtitle, LineMax)) };
        foreach (var section in (view.Sections ?? []).Take(MaxSections))
        {
            var text = new StringBuilder("*").Append(Md(section.Heading)).Append('*');
            foreach (var line in (section.Lines ?? []).Take(MaxLines)) text.Append("\n• ").Append(Md(line, LineMax));
            if (section.Lines?.Count > MaxLines) text.Append($"\n_and {section.Lines.Count - MaxLines} more_");
            blocks.Add(Section(text.ToString()));
        }
        return new(Plain(view.Title), Array(blocks));
    }

    public static SlackMessage Scorecard(ScorecardView view)
    {
        var blocks = new List<JsonObject?>
        {
            Header($"Agreement scorecard · v{view.Version}"),
            Context($"{Md(view.PeriodLabel)} · as of {Date(view.Now)} · target {TextFormat.Percent(view.AcceptanceTarget)}"),
        };
        foreach (var t in (view.Teams ?? []).Take(MaxTeams))
        {
            blocks.Add(Divider());
            var reasons = t.Rejections is { Count: > 0 } r
                ? " (" + string.Join(", ", r.Take(MaxReasons).Select(x => $"{TextFormat.Number(x.Count)} {Md(RejectionReasons.Label(x.ReasonCode).ToLowerInvariant())}")) + ")"
                : "";
            blocks.Add(Section($"*{Md(t.Team)}*", null,
            [
                Field("Leads delivered", TextFormat.Number(t.Delivered) + (t.LeadsPerMonth is { } n ? $" of {TextFormat.Number(t.LeadsPromised ?? 0)} promised ({TextFormat.Number(n)}/month)" : "")),
                Field("Acceptance", $"{TextFormat.Percent(t.AcceptanceRate)} of {TextFormat.Number(t.Accepted + t.Rejected)}"),
                Field("Rejected against the criteria", TextFormat.Number(t.RejectedAgainstMarketing) + reasons),
                Field($"Claimed within {TextFormat.Duration(t.ClaimWithin)}", TextFormat.Percent(t.ClaimedWithin)),
                Field($"First touch within {TextFormat.Duration(t.FirstTouchWithin)}", TextFormat.Percent(t.FirstTouched)),
                Field("Outcomes reported", TextFormat.Percent(t.OutcomesReported)),
            ]));
            if (t.Missed is { Count: > 0 } missed)
                blocks.Add(Context(string.Join("\n", missed.Take(MaxLines).Select(m => ":warning: " + Md(m, LineMax)))));
        }
        if (Image(view.ChartImageUrl, view.ChartAltText) is { } chart) blocks.Add(chart);
        return new($"Agreement scorecard v{view.Version} · {Plain(view.PeriodLabel)}", Array(blocks));
    }
}
