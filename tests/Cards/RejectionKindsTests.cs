using LeadBot.Cards;

namespace LeadBot.Tests.Cards;

public class RejectionKindsTests
{
    [Fact]
    public void EveryReason_IsARejectionOrADisqualification_AsTheAgreementDefinesThem()
    {
        Assert.Equal(
            ["not-icp:too-small", "not-icp:too-large", "not-icp:wrong-industry", "not-icp:wrong-region", "not-icp:other",
             "bad-contact-data", "duplicate-or-customer", "competitor-or-partner", "spam", "other"],
            RejectionReasons.All.Where(r => r.Kind == RejectionKinds.Rejection).Select(r => r.Code));
        Assert.Equal(["unable-to-reach", "no-budget", "no-authority", "no-need", "bad-timing"],
            RejectionReasons.All.Where(r => r.Kind == RejectionKinds.Disqualification).Select(r => r.Code));
    }

    [Fact]
    public void OnlyRejections_CountAgainstMarketing_UnknownCodesIncluded()
    {
        Assert.True(RejectionReasons.CountsAgainstMarketing("not-icp:wrong-industry"));
        Assert.True(RejectionReasons.CountsAgainstMarketing("spam"));
        Assert.True(RejectionReasons.CountsAgainstMarketing("legacy-code"));
        Assert.False(RejectionReasons.CountsAgainstMarketing("no-budget"));
        Assert.False(RejectionReasons.CountsAgainstMarketing("unable-to-reach"));
        Assert.Equal(RejectionKinds.Disqualification, RejectionReasons.Kind("bad-timing"));
    }
}
