using LeadBot.Cards;

namespace LeadBot.Tests.Cards;

/// <summary>Fixed example data (fixed clock) for card tests and golden files.</summary>
internal static class Examples
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    public static readonly PersonView Alice = new("Alice Martin", "alice.martin@acme.example", "c5e99701-2a32-49c1-a660-4629ceeb8c61", "U07REPALICE",
        "29:1p5V6gXbH0sHkS9y3pLhT2uQ8wZrN4cJmA7eDfK0oYtI");
    public static readonly PersonView Maria = new("Maria Garcia", "maria.garcia@acme.example", "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "U07MGRMARIA");
    public static readonly PersonView Tom = new("Tom Becker", "tom.becker@acme.example");

    public static readonly LeadView Lead = new(
        "LEAD-2026-00042", "Jordan", "Smith", "VP Operations", "jordan.smith@contoso.example", "+44 20 7946 0958",
        "Contoso Ltd", "contoso.example", "Manufacturing", 1200, "United Kingdom", "EMEA",
        82, "Web form", "Spring webinar 2026", Now.AddMinutes(-25),
        ["score 82 ≥ 70", "industry Manufacturing is in ICP", "size 1,200 employees is within 200–5,000"],
        "routed to EMEA: region = EMEA", "EMEA Sales", "offered");

    public const string Hostile = "<!channel> <@U123> <at>Sales</at> *bold* [click](javascript:alert(1)) ${secret} {{DATE(2017-02-14T06:08:39Z, SHORT)}} &lt;at&gt;x&lt;/at&gt; _it_ ~s~ `c` # h";

    /// <summary>Every text field holds markup that would ping, format or template if it were not escaped.</summary>
    public static readonly LeadView HostileLead = Lead with
    {
        LeadId = "LEAD-666", FirstName = "<!channel>", LastName = "<@U123>", Title = "<at>Sales</at>", Email = "*bold*@x.example",
        Phone = "[click](javascript:alert(1))", CompanyName = "${secret}", CompanyDomain = "<https://evil.example|click>",
        Industry = Hostile, Country = "<!here>", Region = "<!everyone>", Source = "_x_ ~y~ `z`", Campaign = "{{DATE(2017-02-14T06:08:39Z, SHORT)}}",
        QualificationReasons = [Hostile, "- list", "1. numbered"], RoutingReason = Hostile, TeamName = "<!subteam^S123>", State = "<b>x</b>",
    };

    public static readonly PersonView HostilePerson = new("<!channel> *boss* <at>All</at> ${x}", null, "not-a-guid", "<!channel>");

    public static readonly LeadView NonLatinLead = Lead with
    {
        FirstName = "美咲", LastName = "佐藤", Title = "営業部長", CompanyName = "株式会社サンプル", Country = "日本",
        Industry = "Производство", Campaign = "حملة الربيع", Source = "Formulaire web 👩🏽‍💼",
    };

    /// <summary>Only what a lead always has: everything optional is missing.</summary>
    public static readonly LeadView MinimalLead = new(
        "LEAD-2026-00001", null, null, null, null, null, null, null, null, null, null, null, null, "Web form", null, null,
        [], null, "EMEA Sales", "offered");

    static string Long(string seed, int length = 10_000) => string.Concat(Enumerable.Repeat(seed, length / seed.Length + 1))[..length];

    /// <summary>Every field far longer than any card allows, with many reasons.</summary>
    public static readonly LeadView LongLead = Lead with
    {
        FirstName = Long("Jordan👩🏽‍💼"), LastName = Long("Smith&<>"), Title = Long("VP "), Email = Long("a") + "@x.example", Phone = Long("0"),
        CompanyName = Long("Contoso *"), CompanyDomain = Long("c") + ".example", Industry = Long("Manufacturing "), Country = Long("United Kingdom "),
        Region = Long("EMEA "), Source = Long("Web form "), Campaign = Long("Campaign "),
        QualificationReasons = Enumerable.Range(0, 200).Select(i => Long($"reason {i} <&> ", 5000)).ToList(),
        RoutingReason = Long("routed to EMEA "), TeamName = Long("EMEA Sales "), State = Long("offered "),
    };

    public static AnnouncementView Announcement(LeadView? lead = null, ChannelFields? fields = null, IReadOnlyList<PersonView>? mentions = null) =>
        new(lead ?? Lead, Now, fields ?? ChannelFields.Default, mentions);

    public static ClaimedView Claimed(LeadView? lead = null, PersonView? owner = null) =>
        new(lead ?? Lead, owner ?? Alice, Now.AddMinutes(-13), TimeSpan.FromMinutes(12), ChannelFields.Default);

    public static RejectedView Rejected(LeadView? lead = null, PersonView? by = null, string reason = "not-icp:wrong-region", string? comment = null) =>
        new(lead ?? Lead, by ?? Alice, reason, comment ?? "HQ is in Brazil & they want a LATAM partner.", Now.AddMinutes(-5), ChannelFields.Default);

    public static EscalatedView Escalated(LeadView? lead = null, bool expired = false, IReadOnlyList<PersonView>? managers = null) =>
        new(lead ?? Lead, managers ?? [Maria, Tom], expired ? TimeSpan.FromHours(24) : TimeSpan.FromHours(4), expired, Now, ChannelFields.Default);

    public static OutcomeView Outcome(LeadView? lead = null) => new((lead ?? Lead) with { State = "accepted" }, Now);
    public static ErasedView Erased() => new(Lead.LeadId, Lead.TeamName, "won", Now);

    public static MyLeadsView MyLeads(IReadOnlyList<LeadView>? leads = null) => new(Alice, leads ?? [
        Lead with { State = "accepted" },
        Lead with { LeadId = "LEAD-2026-00043", FirstName = "Li", LastName = "Wei", CompanyName = "Fabrikam Inc", Title = "CTO",
            Email = "li.wei@fabrikam.example", Phone = null, State = "contacted", QualifiedAt = Now.AddDays(-2).AddHours(-3) },
    ], Now);

    public static HelpView Help() => new([
        ("leads", "Your open leads and their outcome buttons"),
        ("leads pipeline [week|month]", "Pipeline status of your team"),
        ("leads feedback [source]", "How sales received marketing's leads"),
        ("help", "This message"),
    ]);

    public static PipelineView Pipeline() => new(
        "EMEA Sales", "This week (Mon 2 Mar – Sun 8 Mar)",
        new StageCounts(Qualified: 40, Offered: 36, Accepted: 24, Contacted: 20, Meeting: 9, Opportunity: 5, Won: 2, Lost: 1, Rejected: 8, Expired: 2, Nurture: 4),
        Now,
        Waiting: [new("LEAD-2026-00042", "Contoso Ltd", TimeSpan.FromMinutes(25)), new("LEAD-2026-00031", "Northwind Traders", TimeSpan.FromHours(5), SlaBreached: true)],
        SlaBreaches: 1, SpeedToLeadMedian: TimeSpan.FromMinutes(14), SpeedToLeadP90: TimeSpan.FromHours(2.5), AcceptanceRate: 0.75,
        Load: [new("Alice Martin", 6, 8), new("Tom Becker", 8, 8), new("Sven Olsen", 3, null)],
        UnmatchedRepWarnings: ["CRM owner “j.doe@acme.example” has no Teams or Slack account"],
        FailedDeliveries: 0, ChartImageUrl: "https://leadbot.acme.example/charts/pipeline-emea-week.png", ChartAltText: "Leads per stage this week");

    public static FeedbackView Feedback() => new(
        "All sources", "Last 30 days", Now,
        [
            new("Web form", "Spring webinar 2026", 20, 15, 4, 0.75, 5, 2),
            new("Web form", null, 12, 7, 5, 7 / 12.0, 2, 0),
            new("Trade show", "Hannover Messe", 8, 2, 6, 0.25, 0, 0),
        ],
        [new("not-icp:too-small", 6), new("bad-contact-data", 4), new("other", 2)],
        [
            new("Alice Martin", "not-icp:wrong-region", "HQ is in Brazil & they want a LATAM partner.", Now.AddHours(-3), "Contoso Ltd"),
            new("Tom Becker", "bad-contact-data", "Phone number does not exist, email bounces.", Now.AddDays(-1)),
        ],
        "https://leadbot.acme.example/charts/feedback-30d.png", "Acceptance rate per source");
}
