using System.Globalization;
using LeadBot.Cards;
using LeadBot.Insights;
using LeadBot.Leads;
using LeadBot.Qualification;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Agreement;

/// <summary>How the leads with one value of one criterion fared (industry Retail, employees 50–199, …).</summary>
public sealed record ValueStats(
    string Criterion, string Value, int Leads, int Accepted, IReadOnlyDictionary<string, int> Rejected, int Disqualified, int Opportunity, int Won)
{
    public int RejectedTotal => Rejected.Values.Sum();
}

/// <summary>What a change would have done to the period's leads: those qualified under the agreement in force that would not have been.</summary>
public sealed record ChangeEffect(int WouldNotQualify, int Accepted, IReadOnlyDictionary<string, int> Rejected, int Disqualified, int Opportunity, int Won)
{
    public string Describe(string when)
    {
        var rejected = Rejected.OrderByDescending(r => r.Value).Select(r => $"{r.Value} rejected as {RejectionReasons.Label(r.Key).ToLowerInvariant()}");
        var parts = rejected.Append($"{Accepted} accepted").Append($"{Disqualified} disqualified").Append($"{Opportunity} reached opportunity").Append($"{Won} won");
        return $"{WouldNotQualify} {(WouldNotQualify == 1 ? "lead" : "leads")} {when} would not have qualified: {string.Join(", ", parts)}";
    }

    /// <summary>Never exclude a value that produced a won deal without saying so.</summary>
    public string? Warning => Won == 0 ? null
        : $"{Won} of these leads became won deals: this change would have kept them from sales.";
}

/// <summary>A change the evidence supports, with why and what it would have done.</summary>
public sealed record ReviewedChange(string Change, string Summary, string Why, string Effect, string? Warning, ChangeEffect Figures);

public sealed record CriteriaReviewAnswer(
    string Period, DateTimeOffset From, DateTimeOffset To, int Version, int Leads, bool Truncated, int MinLeads, double MinRejectShare,
    IReadOnlyList<ValueStats> Values, IReadOnlyList<ReviewedChange> Proposals);

/// <summary>
/// The evidence for changing the criteria: every offered lead of a period, grouped by each criterion's value, with how
/// sales judged it; and the changes the evidence supports (a value whose leads are mostly rejected for the reason that
/// criterion is about), each re-run on the same leads. Reads the period's leads (up to Criteria:Review:MaxLeads).
/// </summary>
public sealed class CriteriaReview(ILeadStore store, Agreements agreements, IOptionsMonitor<CriteriaReviewOptions> options)
{
    private static readonly int[] SizeBands = [0, 50, 200, 1000, 5000, 20000];

    public CriteriaReviewAnswer Review(Period period)
    {
        var o = options.CurrentValue;
        var current = agreements.Current;
        var (leads, truncated) = Offered(period.From, period.To);
        var values = Dimensions.SelectMany(d => leads.GroupBy(d.Of, StringComparer.OrdinalIgnoreCase)
                .Select(g => Stats(d.Name, g.Key, g.ToList())))
            .OrderBy(v => Array.FindIndex(Dimensions, d => d.Name == v.Criterion)).ThenByDescending(v => v.Leads).ThenBy(v => v.Value, StringComparer.Ordinal)
            .ToList();
        var proposals = Candidates(current, values, leads, o)
            .Select(c => (c.Change, c.Why, Next: c.Change.ApplyTo(current).Next))
            .Where(c => c.Next is not null)
            .Select(c =>
            {
                var effect = Effect(current.Rules, c.Next!.Rules, leads);
                return new ReviewedChange(c.Change.ToString(), c.Change.Describe(current), c.Why, effect.Describe($"in {period.Label}"), effect.Warning, effect);
            })
            .Where(c => c.Figures.WouldNotQualify > 0)
            .ToList();
        return new CriteriaReviewAnswer(period.Label, period.From, period.To, current.Version, leads.Count, truncated, o.MinLeads, o.MinRejectShare, values, proposals);
    }

    /// <summary>The effect of going from <paramref name="current"/> to <paramref name="next"/> on the leads offered in [from, to).</summary>
    public ChangeEffect Effect(AgreementVersion current, AgreementVersion next, DateTimeOffset from, DateTimeOffset to) =>
        Effect(current.Rules, next.Rules, Offered(from, to).Leads);

    private static ChangeEffect Effect(QualificationRules current, QualificationRules next, IReadOnlyList<Lead> leads)
    {
        var lost = leads.Where(l => Qualifier.Evaluate(l, current).Qualified && !Qualifier.Evaluate(l, next).Qualified).ToList();
        var s = Stats("", "", lost);
        return new ChangeEffect(lost.Count, s.Accepted, s.Rejected, s.Disqualified, s.Opportunity, s.Won);
    }

    private (IReadOnlyList<Lead> Leads, bool Truncated) Offered(DateTimeOffset from, DateTimeOffset to)
    {
        var max = options.CurrentValue.MaxLeads;
        var all = store.FindLeads(new LeadQuery { ReceivedFrom = from, ReceivedTo = to, Limit = max + 1 });
        // Only leads sales saw are evidence; nurture leads never reached a rep.
        var offered = all.Take(max).Where(l => l.OfferedAt is not null || l.ClaimedAt is not null || l.RejectedBy.Count > 0).ToList();
        return (offered, all.Count > max);
    }

    private static ValueStats Stats(string criterion, string value, IReadOnlyList<Lead> leads)
    {
        var rejected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int accepted = 0, disqualified = 0, opportunity = 0, won = 0;
        foreach (var l in leads)
        {
            if (l.ClaimedAt is not null) accepted++;
            if (l.RejectionReason is { } reason)
            {
                if (RejectionReasons.CountsAgainstMarketing(reason)) rejected[reason] = rejected.GetValueOrDefault(reason) + 1;
                else disqualified++;
            }
            else if (l.State == LeadState.Disqualified) disqualified++;
            if (l.State is LeadState.Opportunity or LeadState.Won) opportunity++;
            if (l.State == LeadState.Won) won++;
        }
        return new ValueStats(criterion, value, leads.Count, accepted, rejected, disqualified, opportunity, won);
    }

    private sealed record Dimension(string Name, Func<Lead, string> Of);

    private static readonly Dimension[] Dimensions =
    [
        new("industry", l => Known(l.Company?.Industry)),
        new("employees", l => l.Company?.Employees is { } n ? SizeBand(n) : Unknown),
        new("region", l => Known(l.Company?.Region ?? l.Company?.Country)),
        new("score", l => l.Score is { } s ? ScoreBand(s) : Unknown),
        new("emailDomain", DomainClass),
        new("source", l => l.Source.Trim().ToLowerInvariant()),
        new("campaign", l => Known(l.Campaign)),
    ];

    private const string Unknown = "(unknown)";

    private static string Known(string? value) => string.IsNullOrWhiteSpace(value) ? Unknown : value.Trim();

    /// <summary>"company domain" when the address is at the company's own domain, "other domain" when not, "no email" without one.</summary>
    private static string DomainClass(Lead l) => Domain(l) is not { } domain ? "no email"
        : l.Company?.Domain is { Length: > 0 } company && domain.EndsWith(company.Trim().ToLowerInvariant(), StringComparison.Ordinal) ? "company domain"
        : "other domain";

    private static string? Domain(Lead l) => l.Email is { } e && e.LastIndexOf('@') is var at and > 0 ? e[(at + 1)..].Trim().ToLowerInvariant() : null;

    private static string SizeBand(int n)
    {
        var i = Array.FindLastIndex(SizeBands, b => n >= b);
        return i == SizeBands.Length - 1 ? $"{Qualifier.Num(SizeBands[i])}+" : $"{Qualifier.Num(SizeBands[i])}–{Qualifier.Num(SizeBands[i + 1] - 1)}";
    }

    private static (int Low, int High) SizeBandOf(int n)
    {
        var i = Array.FindLastIndex(SizeBands, b => n >= b);
        return (SizeBands[i], i == SizeBands.Length - 1 ? int.MaxValue : SizeBands[i + 1] - 1);
    }

    private static string ScoreBand(int s) => s >= 100 ? "100" : string.Create(CultureInfo.InvariantCulture, $"{s / 5 * 5}–{s / 5 * 5 + 4}");

    private static readonly string[] ExplainedByOtherCriteria = ["not-icp:wrong-industry", "not-icp:wrong-region", "not-icp:too-small", "not-icp:too-large"];

    private static int ScoreRejections(ValueStats v) => v.Rejected.Where(r => !ExplainedByOtherCriteria.Contains(r.Key)).Sum(r => r.Value);

    /// <summary>The changes the evidence supports, before their effect is measured.</summary>
    private static IEnumerable<(ProposedChange Change, string Why)> Candidates(
        AgreementVersion current, IReadOnlyList<ValueStats> values, IReadOnlyList<Lead> leads, CriteriaReviewOptions o)
    {
        var rules = current.Rules;
        string Why(ValueStats v, string reason, int count) =>
            $"{count} of {v.Leads} {v.Criterion} {v.Value} leads ({AgreementWords.Percent((double)count / v.Leads)}) were rejected as {RejectionReasons.Label(reason).ToLowerInvariant()}";
        bool Strong(ValueStats v, int count) => v.Leads >= o.MinLeads && v.Leads > 0 && (double)count / v.Leads >= o.MinRejectShare;

        foreach (var (criterion, reason, field, list) in new[]
        {
            ("industry", "not-icp:wrong-industry", ProposedChange.Fields.Industries, rules.Industries),
            ("region", "not-icp:wrong-region", ProposedChange.Fields.Regions, rules.Regions),
        })
        {
            foreach (var v in values.Where(v => v.Criterion == criterion && v.Value != Unknown && Strong(v, v.Rejected.GetValueOrDefault(reason))))
            {
                if (list.Any(x => string.Equals(x.Trim(), v.Value, StringComparison.OrdinalIgnoreCase)))
                    yield return (new ProposedChange(ProposedChange.Remove, field, list.First(x => string.Equals(x.Trim(), v.Value, StringComparison.OrdinalIgnoreCase)).Trim()),
                        Why(v, reason, v.Rejected[reason]));
            }
        }

        // Sizes: the largest band sales calls too small raises the minimum above it; the smallest band called too large lowers the maximum.
        var bySize = leads.Where(l => l.Company?.Employees is not null).GroupBy(l => SizeBandOf(l.Company!.Employees!.Value)).ToList();
        var small = bySize.Select(g => (Band: g.Key, Stats: Stats("employees", SizeBand(g.Key.Low), g.ToList())))
            .Where(b => Strong(b.Stats, b.Stats.Rejected.GetValueOrDefault("not-icp:too-small"))).OrderByDescending(b => b.Band.Low).FirstOrDefault();
        if (small.Stats is not null && small.Band.High != int.MaxValue)
            yield return (new ProposedChange(ProposedChange.Set, ProposedChange.Fields.MinEmployees, (small.Band.High + 1).ToString(CultureInfo.InvariantCulture)),
                Why(small.Stats, "not-icp:too-small", small.Stats.Rejected["not-icp:too-small"]));
        var large = bySize.Select(g => (Band: g.Key, Stats: Stats("employees", SizeBand(g.Key.Low), g.ToList())))
            .Where(b => Strong(b.Stats, b.Stats.Rejected.GetValueOrDefault("not-icp:too-large"))).OrderBy(b => b.Band.Low).FirstOrDefault();
        if (large.Stats is not null && large.Band.Low > 0)
            yield return (new ProposedChange(ProposedChange.Set, ProposedChange.Fields.MaxEmployees, (large.Band.Low - 1).ToString(CultureInfo.InvariantCulture)),
                Why(large.Stats, "not-icp:too-large", large.Stats.Rejected["not-icp:too-large"]));

        // Scores: the highest low band whose leads sales mostly rejects raises the minimum above it. Rejections another
        // criterion explains (wrong industry, too small, …) are that criterion's evidence, not the score's.
        var lowScores = values.Where(v => v.Criterion == "score" && v.Value != Unknown && Strong(v, ScoreRejections(v)))
            .Select(v => (Stats: v, High: int.Parse(v.Value.Split('–')[^1], CultureInfo.InvariantCulture)))
            .Where(b => b.High < 100 && b.High + 1 > rules.MinScore).OrderByDescending(b => b.High).FirstOrDefault();
        if (lowScores.Stats is not null)
            yield return (new ProposedChange(ProposedChange.Set, ProposedChange.Fields.MinScore, (lowScores.High + 1).ToString(CultureInfo.InvariantCulture)),
                $"{ScoreRejections(lowScores.Stats)} of {lowScores.Stats.Leads} leads scored {lowScores.Stats.Value} ({AgreementWords.Percent((double)ScoreRejections(lowScores.Stats) / lowScores.Stats.Leads)}) were rejected for reasons no other criterion explains");

        // Email domains that keep sending spam or unusable contacts.
        foreach (var g in leads.Where(l => Domain(l) is not null).GroupBy(l => Domain(l)!))
        {
            var s = Stats("emailDomain", g.Key, g.ToList());
            var junk = s.Rejected.GetValueOrDefault("spam") + s.Rejected.GetValueOrDefault("bad-contact-data");
            if (Strong(s, junk))
                yield return (new ProposedChange(ProposedChange.Add, ProposedChange.Fields.ExcludedEmailDomains, g.Key),
                    $"{junk} of {s.Leads} leads from @{g.Key} ({AgreementWords.Percent((double)junk / s.Leads)}) were rejected as spam or bad contact data");
        }
    }
}
