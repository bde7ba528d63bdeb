using LeadBot.Cards;

namespace LeadBot.Tests.Cards;

public class TaxonomyTests
{
    [Fact]
    public void RejectionReasons_CoverTheAgreedTaxonomyWithStableCodes()
    {
        Assert.Equal(
        [
            "not-icp:too-small", "not-icp:too-large", "not-icp:wrong-industry", "not-icp:wrong-region", "not-icp:other",
            "bad-contact-data", "unable-to-reach", "no-budget", "no-authority", "no-need", "bad-timing",
            "duplicate-or-customer", "competitor-or-partner", "spam", "other",
        ], RejectionReasons.All.Select(r => r.Code));
        Assert.All(RejectionReasons.All, r => Assert.DoesNotContain(',', r.Code)); // a ChoiceSet value must not hold a comma
    }

    [Fact]
    public void RejectionReasons_ValidateLabelAndGroupCodes()
    {
        Assert.True(RejectionReasons.IsValid("not-icp:too-small"));
        Assert.False(RejectionReasons.IsValid("not-icp"));
        Assert.False(RejectionReasons.IsValid("wrong_territory"));
        Assert.Equal("Not our ideal customer: too small", RejectionReasons.Label("not-icp:too-small"));
        Assert.Equal("Not our ideal customer", RejectionReasons.Label("not-icp"));
        Assert.Equal("legacy-code", RejectionReasons.Label("legacy-code"));
        Assert.Equal("not-icp", RejectionReasons.Category("not-icp:wrong-region"));
        Assert.Equal("spam", RejectionReasons.Category("spam"));
    }

    [Fact]
    public void RejectionReasons_RequireACommentOnlyForOther()
    {
        Assert.True(RejectionReasons.RequiresComment("other"));
        Assert.True(RejectionReasons.RequiresComment("not-icp:other"));
        Assert.All(RejectionReasons.All.Where(r => !r.Code.EndsWith("other", StringComparison.Ordinal)),
            r => Assert.False(RejectionReasons.RequiresComment(r.Code)));
    }

    [Fact]
    public void Outcomes_HaveTheSixCodesInDealOrder()
    {
        Assert.Equal(["contacted", "meeting", "opportunity", "won", "lost", "disqualified"], Outcomes.All.Select(o => o.Code));
        Assert.Equal("Meeting booked", Outcomes.Label("meeting"));
        Assert.False(Outcomes.IsValid("offered"));
    }

    [Fact]
    public void SlackOutcomeActionIds_RoundTrip()
    {
        foreach (var o in Outcomes.All)
        {
            Assert.True(SlackIds.TryParseOutcomeAction(SlackIds.OutcomeAction(o.Code), out var code));
            Assert.Equal(o.Code, code);
        }
        Assert.False(SlackIds.TryParseOutcomeAction(SlackIds.ActionAccept, out _));
        Assert.False(SlackIds.TryParseOutcomeAction("lead_outcome:bogus", out _));
    }

    [Fact]
    public void ChannelFields_DefaultHidesEmailAndPhone()
    {
        Assert.False(ChannelFields.Default.Shows(LeadFields.Email));
        Assert.False(ChannelFields.Default.Shows(LeadFields.Phone));
        Assert.False(ChannelFields.Default.Shows(LeadFields.Region));
        Assert.All(new[] { "name", "title", "company", "industry", "size", "country", "score", "source", "campaign" },
            f => Assert.True(ChannelFields.Default.Shows(f)));
    }

    [Fact]
    public void ChannelFields_ParseIgnoresCaseSpacesAndUnknownNames()
    {
        var fields = ChannelFields.Parse(" Name , EMAIL,bogus");
        Assert.True(fields.Shows("name"));
        Assert.True(fields.Shows("email"));
        Assert.False(fields.Shows("bogus"));
        Assert.False(fields.Shows("company"));
        Assert.Same(ChannelFields.Default, ChannelFields.Parse(" "));
    }
}
