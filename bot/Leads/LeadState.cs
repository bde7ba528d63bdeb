using System.Text.Json.Serialization;

namespace LeadBot.Leads;

[JsonConverter(typeof(JsonStringEnumConverter<LeadState>))]
public enum LeadState
{
    Received,
    Nurture,
    Qualified,
    Offered,
    Accepted,
    Rejected,
    Expired,
    Contacted,
    Meeting,
    Opportunity,
    Won,
    Lost,
    Disqualified,
}

public static class LeadStates
{
    public static string Name(this LeadState state) => state.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out LeadState state) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out state) && Enum.IsDefined(state);

    /// <summary>States in which a rep is working the lead: it counts against their capacity.</summary>
    public static bool IsOpen(this LeadState s) => s is LeadState.Accepted or LeadState.Contacted or LeadState.Meeting or LeadState.Opportunity;

    public static bool IsClosed(this LeadState s) => s is LeadState.Won or LeadState.Lost or LeadState.Disqualified;

    /// <summary>Waiting for a rep to take it.</summary>
    public static bool IsWaiting(this LeadState s) => s is LeadState.Offered or LeadState.Expired;
}
