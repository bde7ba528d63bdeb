namespace LeadBot.Cards;

/// <summary>One outcome a lead owner can record. Codes double as lifecycle state names.</summary>
public sealed record Outcome(string Code, string Label);

/// <summary>Outcomes offered on the owner's card, in the order a deal usually moves.</summary>
public static class Outcomes
{
    public const string Contacted = "contacted", Meeting = "meeting", Opportunity = "opportunity",
        Won = "won", Lost = "lost", Disqualified = "disqualified";

    public static IReadOnlyList<Outcome> All { get; } =
    [
        new(Contacted, "Contacted"),
        new(Meeting, "Meeting booked"),
        new(Opportunity, "Opportunity"),
        new(Won, "Won"),
        new(Lost, "Lost"),
        new(Disqualified, "Disqualified"),
    ];

    public static bool IsValid(string code) => All.Any(o => o.Code == code);

    /// <summary>Display label; the code itself when unknown.</summary>
    public static string Label(string code) => All.FirstOrDefault(o => o.Code == code)?.Label ?? code ?? "";
}
