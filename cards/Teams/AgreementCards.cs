using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Teams.Ac;

namespace LeadBot.Cards.Teams;

/// <summary>The agreement's scorecard and its sectioned answers (criteria in force, the review, a proposal) as Adaptive Cards.</summary>
internal static class AgreementCards
{
    const int MaxSections = 12, MaxLines = 12, MaxTeams = 12, MaxReasons = 6;

    public static JsonObject Sections(SectionsView view)
    {
        JsonArray body = [Title(Esc(view.Title)), Subtle(Esc(view.Subtitle, LineMax), "None")];
        foreach (var section in (view.Sections ?? []).Take(MaxSections))
        {
            body.Add(Heading(Esc(section.Heading)));
            foreach (var line in (section.Lines ?? []).Take(MaxLines)) body.Add(TextBlock("• " + Esc(line, LineMax), spacing: "None"));
            if (section.Lines?.Count > MaxLines) body.Add(Subtle($"and {section.Lines.Count - MaxLines} more", "None"));
        }
        return Card(body, null, Esc(view.Title));
    }

    public static JsonObject Scorecard(ScorecardView view)
    {
        JsonArray body =
        [
            Title($"Agreement scorecard · v{view.Version}"),
            Subtle(Esc(view.PeriodLabel) + " · as of " + LeadCards.DateTime(view.Now) + " · target " + TextFormat.Percent(view.AcceptanceTarget), "None"),
        ];
        foreach (var t in (view.Teams ?? []).Take(MaxTeams))
        {
            var items = Items(
                TextBlock(Esc(t.Team), weight: "Bolder", size: "Medium"),
                TextBlock("Marketing", weight: "Bolder", spacing: "Small"),
                Facts(
                [
                    ("Leads delivered", TextFormat.Number(t.Delivered) + (t.LeadsPerMonth is { } n ? $" (promised {TextFormat.Number(n)} a month, {TextFormat.Number(t.LeadsPromised ?? 0)} so far)" : "")),
                    ("Acceptance", $"{TextFormat.Percent(t.AcceptanceRate)} of {TextFormat.Number(t.Accepted + t.Rejected)} decided"),
                    ("Rejected against the criteria", TextFormat.Number(t.RejectedAgainstMarketing) + Reasons(t)),
                ]),
                TextBlock("Sales", weight: "Bolder", spacing: "Small"),
                Facts(
                [
                    ($"Claimed within {TextFormat.Duration(t.ClaimWithin)}", TextFormat.Percent(t.ClaimedWithin)),
                    ($"First touch within {TextFormat.Duration(t.FirstTouchWithin)}", TextFormat.Percent(t.FirstTouched)),
                    ("Outcomes reported", TextFormat.Percent(t.OutcomesReported)),
                ]));
            foreach (var m in (t.Missed ?? []).Take(MaxLines)) items.Add(TextBlock("⚠️ " + Esc(m, LineMax), color: "Attention", spacing: "None"));
            body.Add(Container(items, separator: true, spacing: "Medium"));
        }
        if (Image(view.ChartImageUrl, view.ChartAltText) is { } chart) body.Add(chart);
        return Card(body, null, $"Agreement scorecard v{view.Version}");
    }

    private static string Reasons(TeamScore t) => t.Rejections is { Count: > 0 } r
        ? " (" + string.Join(", ", r.Take(MaxReasons).Select(x => $"{TextFormat.Number(x.Count)} {Esc(RejectionReasons.Label(x.ReasonCode).ToLowerInvariant())}")) + ")"
        : "";
}
