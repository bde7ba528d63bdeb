using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LeadBot.Cards;
using LeadBot.Handoff;
using LeadBot.Insights;

namespace LeadBot.Dashboard;

/// <summary>
/// Everything one dashboard page shows; the filter lists are what the period's aggregates know. Pipeline and Feedback
/// are null when the viewer may not see them (<see cref="DashboardScope"/>); at least one of them is there.
/// </summary>
public sealed record DashboardModel(
    InsightsFilter Filter, string PeriodWord, PipelineView? Pipeline, FeedbackView? Feedback, int WaitingCount,
    IReadOnlyList<string> Teams, IReadOnlyList<string> Sources, IReadOnlyList<string> Campaigns,
    string? FunnelChart, string? ReasonsChart, string? SignedIn = null, bool AllTeams = true, string SignOutToken = "");

/// <summary>
/// The dashboard as one server-rendered HTML page: no script at all, a little inline CSS, the chart PNGs. Every piece
/// of lead data goes through <see cref="H"/>, so a company called &lt;script&gt; is text, never markup.
/// </summary>
public static class DashboardPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<(string Word, string Label)> Periods =
        [("today", "Today"), ("week", "This week"), ("month", "This month"), ("quarter", "This quarter")];

    public static string H(string? text) => text is null ? "" : Encoder.Encode(text);

    public static string Render(DashboardModel m)
    {
        var s = new StringBuilder(16_384);
        s.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append("<title>LeadBot insights</title><style>").Append(Css).Append("</style></head><body>");
        var (scope, period, now) = m.Pipeline is { } pv ? (pv.TeamName, pv.PeriodLabel, pv.Now) : (m.Filter.Team ?? PipelineView.AllTeams, m.Feedback!.PeriodLabel, m.Feedback.Now);
        s.Append("<header><h1>LeadBot <span>insights</span></h1><p class=\"sub\">")
         .Append(H(scope)).Append(" · ").Append(H(period)).Append(" · as of ")
         .Append(H(now.ToString("ddd d MMM yyyy HH:mm 'UTC'", C))).Append("</p>");
        if (m.SignedIn is { } who)
        {
            s.Append("<form method=\"post\" action=\"/signout\" class=\"sub\" data-testid=\"signed-in\">").Append(m.SignOutToken).Append(H(who))
             .Append(" <button type=\"submit\">Sign out</button></form>");
        }
        s.Append("</header>");
        Filters(s, m);

        if (m.Pipeline is { } p) Pipeline(s, m, p);
        else s.Append("<p class=\"muted\" data-testid=\"no-pipeline\">The pipeline (who is waiting, rep load, speed to lead) is shown to the team's people and LeadBot admins.</p>");
        if (m.Feedback is { } f) Feedback(s, f, m.ReasonsChart!);
        else s.Append("<p class=\"muted\" data-testid=\"no-feedback\">Feedback (rejection reasons and reps' comments) is shown to the team's managers, marketing and LeadBot admins.</p>");
        // The exports follow the same scope as the page (bot/Dashboard/DashboardExports.cs).
        s.Append("<footer>Figures count what happened in the period (in the team's time zone). Exports: ")
         .Append("<a href=\"/dashboard/leads.csv").Append(H(Query(m, includeSourceCampaign: false))).Append("\">leads.csv</a> · ");
        if (m.Feedback is not null) s.Append("<a href=\"/dashboard/feedback.csv").Append(H(Query(m, includeSourceCampaign: true))).Append("\">feedback.csv</a> · ");
        s.Append("<a href=\"/agreement").Append(H(Query(m, includeSourceCampaign: false))).Append("\">agreement scorecard</a></footer>");
        s.Append("</body></html>");
        return s.ToString();
    }

    private static void Pipeline(StringBuilder s, DashboardModel m, PipelineView p)
    {
        s.Append("<section class=\"tiles\">");
        Tile(s, "qualified", "Qualified", p.Stages.Qualified.ToString(C), $"{p.Stages.Offered.ToString(C)} offered");
        Tile(s, "acceptance", "Acceptance rate", Percent(p.AcceptanceRate), $"{p.Stages.Accepted.ToString(C)} accepted, {p.Stages.Rejected.ToString(C)} rejected");
        Tile(s, "speed-median", "Speed to lead (median)", Duration(p.SpeedToLeadMedian), "time to claim");
        Tile(s, "speed-p90", "Speed to lead (p90)", Duration(p.SpeedToLeadP90), "9 in 10 claimed within");
        Tile(s, "waiting", "Waiting now", m.WaitingCount.ToString(C), "offered, not yet accepted", m.WaitingCount > 0 ? "warn" : null);
        Tile(s, "sla", "Service-level breaches", p.SlaBreaches.ToString(C), "late claims and overdue leads", p.SlaBreaches > 0 ? "bad" : null);
        Tile(s, "won", "Won", p.Stages.Won.ToString(C), $"{p.Stages.Opportunity.ToString(C)} reached opportunity");
        Tile(s, "failed", "Failed deliveries", p.FailedDeliveries.ToString(C), "messages parked after retries", p.FailedDeliveries > 0 ? "bad" : null);
        s.Append("</section>");

        if (p.UnmatchedRepWarnings is { Count: > 0 } warnings)
        {
            // Information, not a warning: reps are matched the first time they talk to the bot, so a fresh roster lists them all.
            s.Append("<details class=\"info\" data-testid=\"unmatched-reps\"><summary>").Append(warnings.Count.ToString(C))
             .Append(" rep(s) have not used the bot yet; they are matched by email the first time they do</summary><ul>");
            foreach (var w in warnings) s.Append("<li>").Append(H(w)).Append("</li>");
            s.Append("</ul></details>");
        }

        s.Append("<div class=\"grid\">");
        s.Append("<section class=\"card\"><h2>Leads by stage</h2>")
         .Append("<img src=\"").Append(H(m.FunnelChart!)).Append("\" alt=\"").Append(H(p.ChartAltText)).Append("\" width=\"560\">")
         .Append("<ul class=\"stages\" data-testid=\"stages\">");
        foreach (var (stage, label, count) in p.Stages.InOrder)
            s.Append("<li data-stage=\"").Append(stage).Append("\">").Append(label).Append(" <b>").Append(count.ToString(C)).Append("</b></li>");
        s.Append("</ul></section>");

        s.Append("<section class=\"card\"><h2>Waiting now <small>oldest first</small></h2>");
        if (p.Waiting is { Count: > 0 } waiting)
        {
            s.Append("<table data-testid=\"waiting-list\"><tr><th>Lead</th><th>Team</th><th class=\"n\">Waiting</th></tr>");
            foreach (var w in waiting)
            {
                s.Append(w.SlaBreached ? "<tr class=\"late\">" : "<tr>").Append("<td>").Append(H(w.Label)).Append(" <small>").Append(H(w.LeadId)).Append("</small></td><td>")
                 .Append(H(w.TeamName)).Append("</td><td class=\"n\">").Append(H(Durations.Words(w.Age))).Append(w.SlaBreached ? " ⚠" : "").Append("</td></tr>");
            }
            s.Append("</table>");
            if (m.WaitingCount > waiting.Count) s.Append("<p class=\"muted\">and ").Append((m.WaitingCount - waiting.Count).ToString(C)).Append(" more</p>");
        }
        else s.Append("<p class=\"muted\">Nobody is waiting. 🎉</p>");
        s.Append("<h2>Load per rep</h2>");
        if (p.Load is { Count: > 0 } load)
        {
            s.Append("<table data-testid=\"load\">");
            foreach (var r in load)
            {
                var pct = r.Capacity is > 0 and var cap ? Math.Min(100, r.Open * 100 / cap) : 0;
                s.Append("<tr><td>").Append(H(r.Name)).Append("</td><td class=\"bar\"><div style=\"width:").Append(pct.ToString(C)).Append("%\"")
                 .Append(pct >= 100 ? " class=\"full\"" : "").Append("></div></td><td class=\"n\">").Append(r.Open.ToString(C)).Append(" / ")
                 .Append(r.Capacity?.ToString(C) ?? "∞").Append("</td></tr>");
            }
            s.Append("</table>");
        }
        else s.Append("<p class=\"muted\">No reps in this selection.</p>");
        s.Append("</section></div>");

    }

    private static void Feedback(StringBuilder s, FeedbackView f, string chart)
    {
        s.Append("<div class=\"grid\"><section class=\"card wide\"><h2>Feedback by source and campaign</h2>");
        if (f.Rows.Count == 0) s.Append("<p class=\"muted\">No leads were offered in this period.</p>");
        else
        {
            s.Append("<table data-testid=\"feedback\"><tr><th>Source</th><th>Campaign</th><th class=\"n\">Offered</th><th class=\"n\">Accepted</th><th class=\"n\">Rejected</th><th class=\"n\">Acceptance</th><th class=\"n\">Opportunities</th><th class=\"n\">Won</th></tr>");
            foreach (var r in f.Rows)
            {
                s.Append("<tr><td>").Append(H(r.Source)).Append("</td><td>").Append(H(r.Campaign ?? "—")).Append("</td><td class=\"n\">").Append(r.Offered.ToString(C))
                 .Append("</td><td class=\"n\">").Append(r.Accepted.ToString(C)).Append("</td><td class=\"n\">").Append(r.Rejected.ToString(C))
                 .Append("</td><td class=\"n\">").Append(Percent(r.AcceptanceRate)).Append("</td><td class=\"n\">").Append(r.Opportunities.ToString(C))
                 .Append("</td><td class=\"n\">").Append(r.Won.ToString(C)).Append("</td></tr>");
            }
            s.Append("</table>");
        }
        s.Append("</section></div><div class=\"grid\"><section class=\"card\"><h2>Rejection reasons</h2>")
         .Append("<img src=\"").Append(H(chart)).Append("\" alt=\"").Append(H(f.ChartAltText)).Append("\" width=\"560\"></section>");
        s.Append("<section class=\"card\"><h2>Latest comments</h2>");
        if (f.LatestComments is { Count: > 0 } comments)
        {
            s.Append("<ul class=\"comments\" data-testid=\"comments\">");
            foreach (var c in comments)
            {
                s.Append("<li><blockquote>").Append(H(c.Comment)).Append("</blockquote><p class=\"muted\">").Append(H(c.Who)).Append(" · ")
                 .Append(H(RejectionReasons.Label(c.ReasonCode))).Append(" · ").Append(H(c.LeadLabel)).Append(" · ")
                 .Append(H(c.At.ToString("d MMM HH:mm", C))).Append("</p></li>");
            }
            s.Append("</ul>");
        }
        else s.Append("<p class=\"muted\">No comments in this period.</p>");
        s.Append("</section></div>");
    }

    private static void Filters(StringBuilder s, DashboardModel m)
    {
        s.Append("<form method=\"get\" action=\"/\" class=\"filters\">");
        Select(s, "team", "Team", m.AllTeams ? "All teams" : null, m.Teams, m.Filter.Team);
        Select(s, "source", "Source", "All sources", m.Sources, m.Filter.Source);
        Select(s, "campaign", "Campaign", "All campaigns", m.Campaigns, m.Filter.Campaign);
        s.Append("<label>Period <select name=\"period\">");
        var known = Periods.Any(x => x.Word == m.PeriodWord);
        foreach (var (word, label) in Periods)
            s.Append("<option value=\"").Append(word).Append('"').Append(word == m.PeriodWord ? " selected" : "").Append('>').Append(label).Append("</option>");
        if (!known) s.Append("<option selected value=\"").Append(H(m.PeriodWord)).Append("\">").Append(H(m.PeriodWord)).Append("</option>");
        s.Append("</select></label><button type=\"submit\">Show</button></form>");
    }

    /// <param name="any">The "no filter" choice; null when the viewer may not see everything (a rep: their own team only).</param>
    private static void Select(StringBuilder s, string name, string label, string? any, IReadOnlyList<string> options, string? selected)
    {
        s.Append("<label>").Append(label).Append(" <select name=\"").Append(name).Append("\">");
        if (any is not null) s.Append("<option value=\"\">").Append(any).Append("</option>");
        foreach (var o in options)
        {
            s.Append("<option value=\"").Append(H(o)).Append('"')
             .Append(string.Equals(o, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : "").Append('>').Append(H(o)).Append("</option>");
        }
        s.Append("</select></label>");
    }

    private static void Tile(StringBuilder s, string id, string label, string value, string note, string? tone = null) =>
        s.Append("<div class=\"tile").Append(tone is null ? "" : " " + tone).Append("\"><div class=\"label\">").Append(label)
         .Append("</div><div class=\"value\" data-testid=\"").Append(id).Append("\">").Append(H(value)).Append("</div><div class=\"note\">")
         .Append(H(note)).Append("</div></div>");

    private static string Query(DashboardModel m, bool includeSourceCampaign)
    {
        var parts = new List<string> { "period=" + Uri.EscapeDataString(m.PeriodWord) };
        if (m.Filter.Team is { } t) parts.Add("team=" + Uri.EscapeDataString(t));
        if (includeSourceCampaign && m.Filter.Source is { } src) parts.Add("source=" + Uri.EscapeDataString(src));
        if (includeSourceCampaign && m.Filter.Campaign is { } c) parts.Add("campaign=" + Uri.EscapeDataString(c));
        return "?" + string.Join('&', parts);
    }

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0", C) + "%" : "–";

    public static string Duration(TimeSpan? span) => span is { } t ? Durations.Words(t) : "–";

    internal const string Css = """
        :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--blue:#2563eb;--warn:#b45309;--bad:#b91c1c}
        *{box-sizing:border-box}body{margin:0;padding:20px 28px;font:14px/1.45 "Segoe UI",system-ui,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
        header h1{margin:0;font-size:22px}header h1 span{color:var(--blue);font-weight:500}.sub{margin:2px 0 14px;color:var(--muted)}
        .filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin-bottom:16px;padding:12px;background:#fff;border:1px solid var(--line);border-radius:8px}
        .filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:3px}
        select,button{font:inherit;padding:5px 8px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;min-width:150px}
        button{background:var(--blue);color:#fff;border-color:var(--blue);min-width:80px;cursor:pointer}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,250px),1fr));gap:12px;margin-bottom:16px}
        .tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;border-top:3px solid var(--blue)}
        .tile.warn{border-top-color:#f59e0b}.tile.bad{border-top-color:var(--bad)}.tile.bad .value{color:var(--bad)}
        .tile .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}.tile .value{font-size:26px;font-weight:600;margin:2px 0}
        .tile .note{font-size:12px;color:var(--muted)}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin-bottom:16px}
        .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px;overflow:hidden}.card.wide{grid-column:1/-1}.card h2:not(:first-child){margin-top:20px}
        h2{font-size:15px;margin:4px 0 10px}h2 small{color:var(--muted);font-weight:400}img{max-width:100%;height:auto;display:block;margin-bottom:8px}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line)}th{font-size:12px;color:var(--muted);font-weight:600}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.late td{color:var(--bad)}small{color:var(--muted)}
        td.bar{width:45%}td.bar div{height:8px;background:var(--blue);border-radius:4px;min-width:2px}td.bar div.full{background:var(--bad)}
        .info{color:var(--muted);font-size:13px;margin-bottom:16px}.info summary{cursor:pointer}
        .comments{list-style:none;margin:0;padding:0}.comments li{border-bottom:1px solid var(--line);padding:6px 0}
        blockquote{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}.muted{color:var(--muted);margin:2px 0}footer{color:var(--muted);font-size:12px;margin-top:8px}
        a{color:var(--blue)}.stages{list-style:none;display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 0;padding:0}
        .stages li{background:var(--bg);border:1px solid var(--line);border-radius:12px;padding:2px 10px;font-size:12px;color:var(--muted)}.stages b{color:var(--ink)}
        """;
}
