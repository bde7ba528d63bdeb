namespace LeadBot.Cards;

/// <summary>Verbs and action ids shared by the card builders and the channel routers, so they cannot drift apart.</summary>
public static class CardVerbs
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string Outcome = "outcome";
}
