namespace LeadBot.Leads;

/// <summary>The lead state machine. Outcomes may skip stages forward (a meeting booked on the first call) but never go back.</summary>
public static class Lifecycle
{
    private static readonly LeadState[] Worked = [LeadState.Accepted, LeadState.Contacted, LeadState.Meeting, LeadState.Opportunity];

    private static readonly Dictionary<LeadState, LeadState[]> Allowed = new()
    {
        [LeadState.Received] = [LeadState.Nurture, LeadState.Qualified],
        [LeadState.Nurture] = [LeadState.Qualified],
        [LeadState.Qualified] = [LeadState.Offered, LeadState.Nurture],
        [LeadState.Offered] = [LeadState.Accepted, LeadState.Rejected, LeadState.Expired, LeadState.Offered],
        [LeadState.Expired] = [LeadState.Accepted, LeadState.Rejected, LeadState.Offered, LeadState.Nurture],
        [LeadState.Rejected] = [LeadState.Offered, LeadState.Nurture],
        [LeadState.Accepted] = [LeadState.Contacted, LeadState.Meeting, LeadState.Opportunity, LeadState.Won, LeadState.Lost, LeadState.Disqualified],
        [LeadState.Contacted] = [LeadState.Meeting, LeadState.Opportunity, LeadState.Won, LeadState.Lost, LeadState.Disqualified],
        [LeadState.Meeting] = [LeadState.Opportunity, LeadState.Won, LeadState.Lost, LeadState.Disqualified],
        [LeadState.Opportunity] = [LeadState.Won, LeadState.Lost, LeadState.Disqualified],
        [LeadState.Won] = [],
        [LeadState.Lost] = [],
        [LeadState.Disqualified] = [],
    };

    /// <summary>Outcomes a rep or a CRM may report once a lead is accepted: the owner card's outcomes, whose codes are state names.</summary>
    public static readonly IReadOnlyList<LeadState> Outcomes = [.. Cards.Outcomes.All.Select(o => Enum.Parse<LeadState>(o.Code, ignoreCase: true))];

    public static bool CanMove(LeadState from, LeadState to) => Allowed[from].Contains(to);

    public static bool IsWorked(LeadState s) => Worked.Contains(s);

    /// <summary>Why a move is refused, in words for the person who tried it.</summary>
    public static string Refusal(LeadState from, LeadState to) => (from, to) switch
    {
        (_, LeadState.Accepted) when IsWorked(from) || from.IsClosed() => "This lead has already been accepted.",
        (LeadState.Nurture, _) => "This lead did not qualify and is in nurture; it cannot be worked by sales.",
        (_, _) when from.IsClosed() => $"This lead is closed ({from.Name()}); no further steps are possible.",
        (_, _) when Outcomes.Contains(to) && !IsWorked(from) => $"Outcomes can only be recorded after the lead is accepted (it is {from.Name()}).",
        (_, _) when Outcomes.Contains(to) => $"The lead is already at {from.Name()}; it cannot go back to {to.Name()}.",
        _ => $"A lead that is {from.Name()} cannot become {to.Name()}.",
    };
}
