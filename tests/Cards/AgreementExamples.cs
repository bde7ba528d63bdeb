using LeadBot.Cards;

namespace LeadBot.Tests.Cards;

/// <summary>The agreement's cards for the golden files and the pictures in docs/agreement.md.</summary>
internal static class AgreementExamples
{
    public static ScorecardView Scorecard() => new(
        "March 2026", 2, Examples.Now, 0.9,
        [
            new TeamScore("EMEA", Delivered: 34, LeadsPerMonth: 40, LeadsPromised: 40, Accepted: 24, Rejected: 10, RejectedAgainstMarketing: 7,
                AcceptanceRate: 27.0 / 34, Rejections: [new ReasonCount("not-icp:wrong-industry", 5), new ReasonCount("spam", 2)],
                ClaimWithin: TimeSpan.FromMinutes(5), ClaimedWithin: 0.92, FirstTouchWithin: TimeSpan.FromDays(1), FirstTouched: 0.75, OutcomesReported: 0.88,
                Missed:
                [
                    "marketing delivered 34 of the 40 leads promised so far (40 a month)",
                    "acceptance 79 % is below 90 %: 7 rejected against the criteria",
                    "sales touched 75 % within 1 d (target 90 %)",
                ]),
            new TeamScore("North America", 21, null, null, 20, 1, 0, 1.0, [], TimeSpan.FromMinutes(10), 0.95, TimeSpan.FromDays(1), 0.95, 1.0, []),
        ]);

    /// <summary>The proposal card after the sales manager's approval, waiting for marketing (the picture in docs/agreement.md).</summary>
    public static ProposalView Proposal() => new(
        "P0MA1Z7Q2K9XH4N", ProposalView.Pending, "remove Retail from industries",
        "20 leads in the last 30 days would not have qualified: 20 rejected as not our ideal customer: wrong industry, 0 accepted, 0 disqualified, 0 reached opportunity, 0 won",
        null, "Marta Novak", "Every Retail lead this month was rejected.", Examples.Now.AddHours(-3), 1,
        [new ProposalVote("Marta Novak", "sales", Examples.Now.AddHours(-2), "Retail never buys.")],
        "a marketer's approval", null, null, null, null);

    /// <summary>The same proposal once marketing approved it: applied as version 2, no buttons.</summary>
    public static ProposalView Applied() => Proposal() with
    {
        Status = ProposalView.Applied, Waiting = null, AppliedVersion = 2, DecidedAt = Examples.Now,
        Approvals = [.. Proposal().Approvals, new ProposalVote("Mia Chen", "marketing", Examples.Now, null)],
    };

    /// <summary>Declined by marketing, with the comment both sides read.</summary>
    public static ProposalView Declined() => Proposal() with
    {
        Status = ProposalView.Declined, Waiting = null, DeclinedBy = "Mia Chen", DeclineComment = "Retail is next quarter's focus.", DecidedAt = Examples.Now,
    };

    /// <summary>A proposal as the criteria chat command answers it.</summary>
    public static SectionsView Sections() => new(
        "Proposal P0MA1Z7Q2K9XH4N", "Approved. Proposal P0MA1Z7Q2K9XH4N now waits for a marketer's approval.",
        [
            new SectionView("P0MA1Z7Q2K9XH4N",
            [
                "remove Retail from industries",
                "20 leads in the last 30 days would not have qualified: 20 rejected as not our ideal customer: wrong industry, 0 accepted, 0 disqualified, 0 reached opportunity, 0 won",
                "approved by Marta Novak (sales): Retail never buys.",
                "Waits for a marketer's approval: criteria approve P0MA1Z7Q2K9XH4N [comment], or criteria decline P0MA1Z7Q2K9XH4N <comment>.",
            ]),
        ]);
}
