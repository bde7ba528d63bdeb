using LeadBot.Insights;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>Acceptance counts only rejections against marketing: a disqualification is a lead sales worked.</summary>
public sealed class AcceptanceRateTests : IDisposable
{
    private readonly LeadBotApp _app = new(new() { ["Handoff:AfterReject"] = "nurture" });

    public void Dispose() => _app.Dispose();

    private async Task<string> Lead(string externalId) =>
        (string)(await (await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea(externalId))).BodyAsync())["id"]!;

    [Fact]
    public async Task Disqualifications_CountAsWorked_RejectionsAgainstMarketing()
    {
        var api = _app.Api();
        await api.PostJsonAsync($"/api/leads/{await Lead("a-1")}/accept", new { rep = SampleLeads.EmeaRep });
        await api.PostJsonAsync($"/api/leads/{await Lead("a-2")}/reject", new { rep = SampleLeads.EmeaRep, reason = "no-budget" });
        await api.PostJsonAsync($"/api/leads/{await Lead("a-3")}/reject", new { rep = SampleLeads.EmeaRep, reason = "unable-to-reach" });
        await api.PostJsonAsync($"/api/leads/{await Lead("a-4")}/reject", new { rep = SampleLeads.EmeaRep, reason = "not-icp:wrong-industry" });

        var pipeline = _app.Get<PipelineReport>().Build("EMEA", Period.Parse("week", LeadBotApp.Start)!);
        var feedback = _app.Get<FeedbackReport>().Build(null, Period.Parse("week", LeadBotApp.Start)!);

        Assert.Equal((1, 3), (pipeline.Stages.Accepted, pipeline.Stages.Rejected));
        Assert.Equal(0.75, pipeline.AcceptanceRate);
        Assert.Equal(0.75, Assert.Single(feedback.Rows).AcceptanceRate);
    }
}
