using LeadBot.Cards;

namespace LeadBot.Tests.Cards;

/// <summary>Inputs far bigger than any real team has, to prove the caps hold.</summary>
internal static class Huge
{
    static readonly string LongText = new('x', 10_000);

    public static PipelineView Pipeline() => Examples.Pipeline() with
    {
        TeamName = PipelineView.AllTeams, PeriodLabel = LongText,
        Waiting = Enumerable.Range(0, 1000).Select(i => new WaitingLead($"L{i}", LongText, TimeSpan.FromMinutes(i), LongText, i % 2 == 0)).ToList(),
        Load = Enumerable.Range(0, 500).Select(i => new RepLoad(LongText + i, i, i % 3 == 0 ? null : 10)).ToList(),
        UnmatchedRepWarnings = Enumerable.Range(0, 100).Select(_ => LongText).ToList(),
        ChartAltText = LongText,
    };

    public static FeedbackView Feedback() => Examples.Feedback() with
    {
        ScopeLabel = LongText, PeriodLabel = LongText,
        Rows = Enumerable.Range(0, 500).Select(i => new FeedbackRow(LongText, LongText, i, i, i, 0.5, i, i)).ToList(),
        Reasons = Enumerable.Range(0, 100).Select(i => new ReasonCount(LongText + i, i)).ToList(),
        LatestComments = Enumerable.Range(0, 100).Select(i => new FeedbackComment(LongText, LongText, LongText, Examples.Now.AddMinutes(-i), LongText)).ToList(),
        ChartAltText = LongText,
    };

    public static MyLeadsView MyLeads() => new(Examples.Alice, Enumerable.Range(0, 500).Select(i => Examples.LongLead with { LeadId = "L" + i }).ToList(), Examples.Now);

    public static HelpView Help() => new(Enumerable.Range(0, 100).Select(i => (LongText + i, LongText)).ToList());
}
