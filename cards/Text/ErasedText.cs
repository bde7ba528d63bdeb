namespace LeadBot.Cards.Text;

/// <summary>The words both platforms show on an erased lead's card, so Teams and Slack say the same thing.</summary>
internal static class ErasedText
{
    public const string Explanation =
        "This person's data was erased from LeadBot (a request from the person, or the retention policy). " +
        "The lead still counts in reports; it can no longer be accepted, rejected or updated.";
}
