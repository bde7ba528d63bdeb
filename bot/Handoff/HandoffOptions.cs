namespace LeadBot.Handoff;

public sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// <summary>
    /// What happens to a lead sales rejects (marketing hears why either way). "reoffer" (default): the next rep of a
    /// round-robin team, else the fallback team, never a rep who rejected it; a lead the fallback team rejects goes to
    /// nurture. "nurture": straight back to marketing's nurture.
    /// </summary>
    public string AfterReject { get; set; } = AfterRejectModes.Reoffer;
}

public static class AfterRejectModes
{
    public const string Reoffer = "reoffer";
    public const string Nurture = "nurture";
}
