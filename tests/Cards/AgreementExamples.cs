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

    /// <summary>A proposal after the sales manager's approval, waiting for marketing, as chat answers it.</summary>
    public static SectionsView Proposal() => new(
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
