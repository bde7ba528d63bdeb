using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Slack.Blocks;

namespace LeadBot.Cards.Slack;

/// <summary>Pipeline status and marketing feedback as Block Kit. Slack has no tables, so rows become lines of one section.</summary>
internal static class InsightMessages
{
    const int MaxWaiting = 10, MaxReps = 15, MaxWarnings = 5, MaxRows = 15, MaxReasons = 15, MaxComments = 5;

    public static SlackMessage Pipeline(PipelineView view)
    {
        var waiting = view.Waiting ?? [];
        var blocks = new List<JsonObject?>
        {
            Header("Pipeline · " + Plain(view.TeamName)),
            Context($"{Md(view.PeriodLabel)} · as of {Date(view.Now)}"),
        };
        blocks.AddRange(FieldSections("*Stages*", view.Stages.InOrder.Select(s => Field(s.Label, TextFormat.Number(s.Count))).ToList(), "pipeline_stages"));
        blocks.Add(Section("*Handoff*", "pipeline_handoff",
        [
            Field("Waiting now", TextFormat.Number(waiting.Count)),
            Field("SLA breaches", TextFormat.Number(view.SlaBreaches)),
            Field("Speed to lead (median)", TextFormat.OptionalDuration(view.SpeedToLeadMedian)),
            Field("Speed to lead (p90)", TextFormat.OptionalDuration(view.SpeedToLeadP90)),
            Field("Acceptance rate", TextFormat.Percent(view.AcceptanceRate)),
            Field("Failed deliveries", TextFormat.Number(view.FailedDeliveries)),
        ]));
        if (waiting.Count > 0)
        {
            var text = new StringBuilder("*Waiting for a rep*");
            foreach (var w in waiting.OrderByDescending(w => w.Age).Take(MaxWaiting))
            {
                var team = view.TeamName == PipelineView.AllTeams && TextFormat.Line(w.TeamName) is { } t ? $" · {Md(t)}" : "";
                text.Append(w.SlaBreached ? "\n:warning: " : "\n• ").Append(Md(w.Label)).Append(team).Append(" · ").Append(TextFormat.Duration(w.Age));
            }
            if (waiting.Count > MaxWaiting) text.Append($"\n_and {waiting.Count - MaxWaiting} more_");
            blocks.Add(Section(text.ToString(), "pipeline_waiting"));
        }
        if (view.Load is { Count: > 0 } load)
        {
            var text = new StringBuilder("*Load per rep* (open / capacity)");
            foreach (var r in load.OrderByDescending(r => r.Open).Take(MaxReps))
                text.Append("\n• ").Append(Md(r.Name, 60)).Append(": ").Append(TextFormat.Number(r.Open))
                    .Append(" / ").Append(r.Capacity is { } c ? TextFormat.Number(c) : "–");
            if (load.Count > MaxReps) text.Append($"\n_and {load.Count - MaxReps} more reps_");
            blocks.Add(Section(text.ToString(), "pipeline_load"));
        }
        if (view.UnmatchedRepWarnings is { Count: > 0 } warnings)
        {
            var text = new StringBuilder("*Needs attention*");
            foreach (var w in warnings.Take(MaxWarnings)) text.Append("\n:warning: ").Append(Md(w, LineMax));
            if (warnings.Count > MaxWarnings) text.Append($"\n_and {warnings.Count - MaxWarnings} more_");
            blocks.Add(Section(text.ToString(), "pipeline_warnings"));
        }
        blocks.Add(Image(view.ChartImageUrl, view.ChartAltText));
        var summary = $"Pipeline {Md(view.TeamName)}, {Md(view.PeriodLabel)}: {waiting.Count} waiting, {view.Stages.Accepted} accepted, {view.Stages.Rejected} rejected";
        return new(summary, Array(blocks));
    }

    public static SlackMessage Feedback(FeedbackView view)
    {
        var rows = view.Rows ?? [];
        var blocks = new List<JsonObject?>
        {
            Header("Lead feedback · " + Plain(view.ScopeLabel)),
            Context($"{Md(view.PeriodLabel)} · as of {Date(view.Now)}"),
        };
        if (rows.Count == 0) blocks.Add(Section("No leads were handed to sales in this period."));
        else
        {
            var text = new StringBuilder("*By source* (offered · accepted · rejected · rate · opportunities · won)");
            foreach (var r in rows.OrderByDescending(r => r.Offered).Take(MaxRows))
            {
                var name = TextFormat.Line(r.Campaign) is { } c ? $"{r.Source} / {c}" : r.Source;
                text.Append("\n• *").Append(Md(name, 80)).Append("*: ")
                    .Append($"{TextFormat.Number(r.Offered)} · {TextFormat.Number(r.Accepted)} · {TextFormat.Number(r.Rejected)} · ")
                    .Append($"{TextFormat.Percent(r.AcceptanceRate)} · {TextFormat.Number(r.Opportunities)} · {TextFormat.Number(r.Won)}");
            }
            if (rows.Count > MaxRows) text.Append($"\n_and {rows.Count - MaxRows} more sources_");
            blocks.Add(Section(text.ToString(), "feedback_sources"));
        }
        if (view.Reasons is { Count: > 0 } reasons)
        {
            var text = new StringBuilder("*Why leads were rejected*");
            foreach (var r in reasons.OrderByDescending(r => r.Count).Take(MaxReasons))
                text.Append("\n• ").Append(Md(RejectionReasons.Label(r.ReasonCode))).Append(": ").Append(TextFormat.Number(r.Count));
            blocks.Add(Section(text.ToString(), "feedback_reasons"));
        }
        if (view.LatestComments is { Count: > 0 } comments)
        {
            blocks.Add(Section("*Latest comments*", "feedback_comments"));
            var i = 0;
            foreach (var c in comments.OrderByDescending(c => c.At).Take(MaxComments))
            {
                var about = TextFormat.Line(c.LeadLabel) is { } l ? $" · {Md(l)}" : "";
                blocks.Add(Context($"*{Md(c.Who, 60)}* · {Md(RejectionReasons.Label(c.ReasonCode))}{about} · {TextFormat.Ago(c.At, view.Now)}",
                    $"feedback_comment_{++i}_by"));
                blocks.Add(Section(MdParagraphs(c.Comment, 1000) is { Length: > 0 } t ? t : "–", $"feedback_comment_{i}"));
            }
        }
        blocks.Add(Image(view.ChartImageUrl, view.ChartAltText));
        var offered = rows.Sum(r => r.Offered);
        var accepted = rows.Sum(r => r.Accepted);
        return new($"Lead feedback {Md(view.ScopeLabel)}, {Md(view.PeriodLabel)}: {offered} offered, {accepted} accepted", Array(blocks));
    }
}
