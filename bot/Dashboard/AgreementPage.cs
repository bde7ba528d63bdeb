using System.Globalization;
using System.Text;
using LeadBot.Agreement;
using LeadBot.Cards;
using static LeadBot.Dashboard.DashboardPage;

namespace LeadBot.Dashboard;

/// <summary>What the agreement page shows: the scorecard of the teams the viewer may see, and the filter's choices.</summary>
public sealed record AgreementPageModel(ScorecardView Score, string PeriodWord, string? Team, IReadOnlyList<string> Teams, bool AllTeams, string? SignedIn,
    string SignOutToken = "");

/// <summary>
/// The agreement's scorecard as a dashboard page (<c>/agreement</c>): per team, marketing's and sales' side of the deal
/// against what the agreement in force promises, the commitments missed, and a bar chart of the four shares against the
/// target. Server-rendered like the dashboard (no script; the chart is inline SVG), every name through <see cref="DashboardPage.H"/>.
/// </summary>
public static class AgreementPage
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(AgreementPageModel m)
    {
        var v = m.Score;
        var s = new StringBuilder(16_384);
        s.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append("<title>LeadBot agreement</title><style>").Append(Css).Append(ExtraCss).Append("</style></head><body>");
        s.Append("<header><h1>LeadBot <span>agreement v").Append(v.Version.ToString(C)).Append("</span></h1><p class=\"sub\">")
         .Append(H(v.PeriodLabel)).Append(" · as of ").Append(H(v.Now.ToString("ddd d MMM yyyy HH:mm 'UTC'", C)))
         .Append(" · acceptance target ").Append(Percent(v.AcceptanceTarget)).Append(" · <a href=\"/?period=").Append(H(Uri.EscapeDataString(m.PeriodWord)))
         .Append("\">insights</a></p>");
        if (m.SignedIn is { } who)
            s.Append("<form method=\"post\" action=\"/signout\" class=\"sub\">").Append(m.SignOutToken).Append(H(who)).Append(" <button type=\"submit\">Sign out</button></form>");
        s.Append("</header>");
        Filters(s, m);
        if (v.Teams.Count == 0) s.Append("<p class=\"muted\">No team in this selection.</p>");
        else
        {
            s.Append("<section class=\"card wide\"><h2>Each side's word, per team <small>dashed line: the target</small></h2>");
            Chart(s, v);
            s.Append("</section>");
        }
        foreach (var t in v.Teams) Team(s, t);
        s.Append("<footer>Delivered, accepted, rejected and acceptance are the pipeline's figures for the same team and period; ")
         .Append("changes to the agreement go through a proposal both sides approve (docs/agreement.md).</footer></body></html>");
        return s.ToString();
    }

    private static void Team(StringBuilder s, TeamScore t)
    {
        s.Append("<section class=\"card wide\" data-team=\"").Append(H(t.Team)).Append("\"><h2>").Append(H(t.Team)).Append("</h2>");
        s.Append("<h3>Marketing</h3><div class=\"tiles\">");
        Tile(s, "delivered", "Leads delivered", t.Delivered.ToString(C),
            t.LeadsPerMonth is { } n ? $"{(t.LeadsPromised ?? 0).ToString(C)} promised so far ({n.ToString(C)} a month)" : "no volume agreed",
            t.LeadsPromised is { } promised && t.Delivered < promised ? "warn" : null);
        Tile(s, "acceptance", "Acceptance", Percent(t.AcceptanceRate), $"{t.Accepted.ToString(C)} accepted, {t.Rejected.ToString(C)} rejected");
        Tile(s, "against-marketing", "Rejected against the criteria", t.RejectedAgainstMarketing.ToString(C),
            t.Rejections.Count == 0 ? "none" : string.Join(", ", t.Rejections.Take(4).Select(r => $"{r.Count.ToString(C)} {RejectionReasons.Label(r.ReasonCode).ToLowerInvariant()}")));
        s.Append("</div><h3>Sales</h3><div class=\"tiles\">");
        Tile(s, "claimed", $"Claimed within {AgreementWords.Duration(t.ClaimWithin)}", Percent(t.ClaimedWithin), "of the leads claimed");
        Tile(s, "first-touch", $"First touch within {AgreementWords.Duration(t.FirstTouchWithin)}", Percent(t.FirstTouched), "of the accepted leads whose window is over");
        Tile(s, "outcomes", "Outcomes reported", Percent(t.OutcomesReported), "of the leads accepted");
        s.Append("</div>");
        if (t.Missed.Count > 0)
        {
            s.Append("<ul class=\"missed\" data-testid=\"missed\">");
            foreach (var line in t.Missed) s.Append("<li>⚠ ").Append(H(line)).Append("</li>");
            s.Append("</ul>");
        }
        else s.Append("<p class=\"muted\" data-testid=\"missed\">Both sides kept their word.</p>");
        s.Append("</section>");
    }

    /// <summary>Grouped horizontal bars, one group per team: acceptance, claimed in time, first touch in time, outcomes reported.</summary>
    private static void Chart(StringBuilder s, ScorecardView v)
    {
        (string Label, string Color, Func<TeamScore, double?> Share)[] bars =
        [
            ("Acceptance", "#2563eb", t => t.AcceptanceRate), ("Claimed in time", "#0d9488", t => t.ClaimedWithin),
            ("First touch in time", "#7c3aed", t => t.FirstTouched), ("Outcomes reported", "#ea580c", t => t.OutcomesReported),
        ];
        const int left = 150, width = 460, bar = 12, gap = 3, groupGap = 16, top = 28;
        var groupHeight = bars.Length * (bar + gap) + groupGap;
        var height = top + v.Teams.Count * groupHeight + 8;
        s.Append("<svg data-testid=\"chart\" role=\"img\" viewBox=\"0 0 ").Append((left + width + 60).ToString(C)).Append(' ').Append(height.ToString(C))
         .Append("\" width=\"100%\" style=\"max-width:720px\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\" font-family=\"DejaVu Sans, sans-serif\"><title>")
         .Append(H($"Agreement scorecard, {v.PeriodLabel}: shares per team against the {Percent(v.AcceptanceTarget)} target")).Append("</title>");
        for (var i = 0; i < bars.Length; i++)
            s.Append("<rect x=\"").Append((i * 150).ToString(C)).Append("\" y=\"4\" width=\"10\" height=\"10\" fill=\"").Append(bars[i].Color).Append("\"/><text x=\"")
             .Append((i * 150 + 14).ToString(C)).Append("\" y=\"13\">").Append(bars[i].Label).Append("</text>");
        for (var g = 0; g < v.Teams.Count; g++)
        {
            var team = v.Teams[g];
            var y0 = top + g * groupHeight;
            s.Append("<text x=\"0\" y=\"").Append((y0 + 2 * (bar + gap)).ToString(C)).Append("\" font-weight=\"bold\">").Append(H(Fit(team.Team))).Append("</text>");
            for (var i = 0; i < bars.Length; i++)
            {
                var y = y0 + i * (bar + gap);
                var share = bars[i].Share(team);
                var w = share is { } x ? Math.Max(1, (int)Math.Round(x * width)) : 0;
                s.Append("<rect x=\"").Append(left.ToString(C)).Append("\" y=\"").Append(y.ToString(C)).Append("\" width=\"").Append(width.ToString(C))
                 .Append("\" height=\"").Append(bar.ToString(C)).Append("\" fill=\"#f1f5f9\"/>");
                if (w > 0)
                    s.Append("<rect data-bar=\"").Append(i.ToString(C)).Append("\" x=\"").Append(left.ToString(C)).Append("\" y=\"").Append(y.ToString(C)).Append("\" width=\"")
                     .Append(w.ToString(C)).Append("\" height=\"").Append(bar.ToString(C)).Append("\" fill=\"").Append(bars[i].Color).Append("\"/>");
                s.Append("<text x=\"").Append((left + width + 6).ToString(C)).Append("\" y=\"").Append((y + bar - 2).ToString(C)).Append("\">")
                 .Append(share is null ? "–" : Percent(share)).Append("</text>");
            }
        }
        var target = left + (int)Math.Round(v.AcceptanceTarget * width);
        s.Append("<line x1=\"").Append(target.ToString(C)).Append("\" x2=\"").Append(target.ToString(C)).Append("\" y1=\"").Append((top - 4).ToString(C))
         .Append("\" y2=\"").Append((height - 4).ToString(C)).Append("\" stroke=\"#b91c1c\" stroke-dasharray=\"4 3\"/></svg>");
    }

    private static string Fit(string name) => name.Length <= 20 ? name : name[..19] + "…";

    private static void Filters(StringBuilder s, AgreementPageModel m)
    {
        s.Append("<form method=\"get\" action=\"/agreement\" class=\"filters\"><label>Team <select name=\"team\">");
        if (m.AllTeams) s.Append("<option value=\"\">All teams</option>");
        foreach (var t in m.Teams)
            s.Append("<option value=\"").Append(H(t)).Append('"').Append(string.Equals(t, m.Team, StringComparison.OrdinalIgnoreCase) ? " selected" : "").Append('>').Append(H(t)).Append("</option>");
        s.Append("</select></label><label>Period <select name=\"period\">");
        foreach (var (word, label) in Periods)
            s.Append("<option value=\"").Append(word).Append('"').Append(word == m.PeriodWord ? " selected" : "").Append('>').Append(label).Append("</option>");
        if (!Periods.Any(p => p.Word == m.PeriodWord)) s.Append("<option selected value=\"").Append(H(m.PeriodWord)).Append("\">").Append(H(m.PeriodWord)).Append("</option>");
        s.Append("</select></label><button type=\"submit\">Show</button></form>");
    }

    private static void Tile(StringBuilder s, string id, string label, string value, string note, string? tone = null) =>
        s.Append("<div class=\"tile").Append(tone is null ? "" : " " + tone).Append("\"><div class=\"label\">").Append(H(label))
         .Append("</div><div class=\"value\" data-testid=\"").Append(id).Append("\">").Append(H(value)).Append("</div><div class=\"note\">")
         .Append(H(note)).Append("</div></div>");

    private const string ExtraCss = "h3{font-size:13px;color:var(--muted);margin:10px 0 6px;text-transform:uppercase;letter-spacing:.03em}" +
        ".missed{margin:10px 0 0;padding:0;list-style:none;color:var(--warn)}.missed li{padding:2px 0}.card{margin-bottom:16px}";
}
