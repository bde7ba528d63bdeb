using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Teams.Ac;

namespace LeadBot.Cards.Teams;

/// <summary>Pipeline status and marketing feedback cards. Lists are capped so a busy team still gets a card under 28 KB.</summary>
internal static class InsightCards
{
    const int MaxWaiting = 10, MaxReps = 15, MaxWarnings = 5, MaxRows = 15, MaxReasons = 15, MaxComments = 5;

    public static JsonObject Pipeline(PipelineView view)
    {
        JsonArray body =
        [
            Title("Pipeline · " + Esc(view.TeamName)),
            Subtle(Esc(view.PeriodLabel) + " · as of " + LeadCards.DateTime(view.Now), "None"),
        ];
        body.Add(Heading("Stages"));
        body.Add(Facts(view.Stages.InOrder.Select(s => (s.Label, TextFormat.Number(s.Count)))));
        body.Add(Heading("Handoff"));
        var waiting = view.Waiting ?? [];
        body.Add(Facts(
        [
            ("Waiting now", TextFormat.Number(waiting.Count)),
            ("SLA breaches", TextFormat.Number(view.SlaBreaches)),
            ("Speed to lead (median)", TextFormat.OptionalDuration(view.SpeedToLeadMedian)),
            ("Speed to lead (p90)", TextFormat.OptionalDuration(view.SpeedToLeadP90)),
            ("Acceptance rate", TextFormat.Percent(view.AcceptanceRate)),
            ("Failed deliveries", TextFormat.Number(view.FailedDeliveries)),
        ]));
        if (waiting.Count > 0)
        {
            body.Add(Heading("Waiting for a rep"));
            foreach (var w in waiting.OrderByDescending(w => w.Age).Take(MaxWaiting))
            {
                var team = view.TeamName == PipelineView.AllTeams && TextFormat.Line(w.TeamName) is { } t ? $" · {Esc(t)}" : "";
                body.Add(TextBlock($"{(w.SlaBreached ? "⚠️ " : "• ")}{Esc(w.Label)}{team} · {TextFormat.Duration(w.Age)}", spacing: "None",
                    color: w.SlaBreached ? "Attention" : null));
            }
            if (waiting.Count > MaxWaiting) body.Add(Subtle($"and {waiting.Count - MaxWaiting} more", "None"));
        }
        if (view.Load is { Count: > 0 } load)
        {
            body.Add(Heading("Load per rep"));
            body.Add(Table([("Rep", 1), ("Open", "72px"), ("Capacity", "96px")], load.OrderByDescending(r => r.Open).Take(MaxReps)
                .Select(r => new[] { Esc(r.Name, 60), TextFormat.Number(r.Open), r.Capacity is { } c ? TextFormat.Number(c) : "–" })));
            if (load.Count > MaxReps) body.Add(Subtle($"and {load.Count - MaxReps} more reps", "None"));
        }
        if (view.UnmatchedRepWarnings is { Count: > 0 } warnings)
        {
            body.Add(Heading("Needs attention"));
            foreach (var w in warnings.Take(MaxWarnings)) body.Add(TextBlock("⚠️ " + Esc(w, LineMax), spacing: "None"));
            if (warnings.Count > MaxWarnings) body.Add(Subtle($"and {warnings.Count - MaxWarnings} more", "None"));
        }
        if (Image(view.ChartImageUrl, view.ChartAltText) is { } chart) body.Add(chart);
        return Card(body, null, "Pipeline: " + Esc(view.TeamName));
    }

    public static JsonObject Feedback(FeedbackView view)
    {
        JsonArray body =
        [
            Title("Lead feedback · " + Esc(view.ScopeLabel)),
            Subtle(Esc(view.PeriodLabel) + " · as of " + LeadCards.DateTime(view.Now), "None"),
        ];
        var rows = view.Rows ?? [];
        if (rows.Count == 0) body.Add(TextBlock("No leads were handed to sales in this period."));
        else
        {
            body.Add(Heading("By source"));
            // Acceptance rate shares the accepted column so six columns fit a chat-width card without wrapping headers.
            body.Add(Table([("Source / campaign", 1), ("Offered", "72px"), ("Accepted", "104px"), ("Rejected", "72px"), ("Opps", "56px"), ("Won", "48px")],
                rows.OrderByDescending(r => r.Offered).Take(MaxRows).Select(r => new[]
                {
                    Esc(TextFormat.Line(r.Campaign) is { } c ? $"{r.Source} / {c}" : r.Source, 80),
                    TextFormat.Number(r.Offered), $"{TextFormat.Number(r.Accepted)} ({TextFormat.Percent(r.AcceptanceRate)})",
                    TextFormat.Number(r.Rejected), TextFormat.Number(r.Opportunities), TextFormat.Number(r.Won),
                })));
            if (rows.Count > MaxRows) body.Add(Subtle($"and {rows.Count - MaxRows} more sources", "None"));
        }
        if (view.Reasons is { Count: > 0 } reasons)
        {
            body.Add(Heading("Why leads were rejected"));
            body.Add(Facts(reasons.OrderByDescending(r => r.Count).Take(MaxReasons)
                .Select(r => (Esc(RejectionReasons.Label(r.ReasonCode)), TextFormat.Number(r.Count)))));
        }
        if (view.LatestComments is { Count: > 0 } comments)
        {
            body.Add(Heading("Latest comments"));
            foreach (var c in comments.OrderByDescending(c => c.At).Take(MaxComments))
            {
                var about = TextFormat.Line(c.LeadLabel) is { } l ? $" · {Esc(l)}" : "";
                body.Add(Container(
                [
                    Subtle($"{Esc(c.Who, 60)} · {Esc(RejectionReasons.Label(c.ReasonCode))}{about} · {TextFormat.Ago(c.At, view.Now)}"),
                    TextBlock(TextFormat.Fit(TextFormat.Paragraphs(c.Comment) ?? "", 500, Markup.Teams), spacing: "None"),
                ], spacing: "Small"));
            }
        }
        if (Image(view.ChartImageUrl, view.ChartAltText) is { } chart) body.Add(chart);
        return Card(body, null, "Lead feedback: " + Esc(view.ScopeLabel));
    }

    /// <summary>A Table with a header row. Widths are weights (numbers) or fixed "Npx" strings, as Adaptive Cards allow.</summary>
    static JsonObject Table((string Header, JsonNode Width)[] columns, IEnumerable<string[]> rows)
    {
        static JsonObject Cell(string text, bool bold) => new()
        {
            ["type"] = "TableCell",
            ["items"] = new JsonArray(TextBlock(text, weight: bold ? "Bolder" : null)),
        };
        static JsonObject Row(IEnumerable<JsonObject> cells) => new() { ["type"] = "TableRow", ["cells"] = new JsonArray(cells.ToArray()) };
        var all = new JsonArray(Row(columns.Select(c => Cell(c.Header, true))));
        foreach (var r in rows) all.Add(Row(r.Select(v => Cell(v, false))));
        var cols = new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["width"] = c.Width.DeepClone() }).ToArray());
        return new JsonObject
        {
            ["type"] = "Table", ["columns"] = cols, ["rows"] = all, ["firstRowAsHeader"] = true, ["showGridLines"] = false,
            ["spacing"] = "Small",
        };
    }
}
