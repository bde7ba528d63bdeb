namespace LeadBot.Cards;

/// <summary>
/// One selectable rejection reason. <paramref name="Category"/> groups not-ICP sub-reasons for reporting;
/// <paramref name="Kind"/> says whether it is a rejection or a disqualification (<see cref="RejectionKinds"/>).
/// </summary>
public sealed record RejectionReason(string Code, string Label, string Category, string Kind = RejectionKinds.Rejection);

/// <summary>
/// SiriusDecisions' distinction, on which the marketing–sales agreement rests: a <see cref="Rejection"/> is decided
/// before contact (wrong routing, bad record, not the agreed definition) and counts against marketing's acceptance rate;
/// a <see cref="Disqualification"/> is learnt by working the lead (no need, budget, authority) and counts as a worked lead.
/// </summary>
public static class RejectionKinds
{
    public const string Rejection = "rejection", Disqualification = "disqualification";
}

/// <summary>
/// The fixed rejection taxonomy. Codes are stored and reported on, so they never change; labels may.
/// Not-ICP sub-reasons are flat codes ("not-icp:too-small") so one choice set carries the whole answer.
/// </summary>
public static class RejectionReasons
{
    public const string NotIcp = "not-icp", Other = "other";
    const string NotIcpLabel = "Not our ideal customer";

    public static IReadOnlyList<RejectionReason> All { get; } =
    [
        new("not-icp:too-small", NotIcpLabel + ": too small", NotIcp),
        new("not-icp:too-large", NotIcpLabel + ": too large", NotIcp),
        new("not-icp:wrong-industry", NotIcpLabel + ": wrong industry", NotIcp),
        new("not-icp:wrong-region", NotIcpLabel + ": wrong region", NotIcp),
        new("not-icp:other", NotIcpLabel + ": other", NotIcp),
        new("bad-contact-data", "Bad or missing contact data", "bad-contact-data"),
        new("unable-to-reach", "Unable to reach", "unable-to-reach", RejectionKinds.Disqualification),
        new("no-budget", "No budget", "no-budget", RejectionKinds.Disqualification),
        new("no-authority", "No authority", "no-authority", RejectionKinds.Disqualification),
        new("no-need", "No need", "no-need", RejectionKinds.Disqualification),
        new("bad-timing", "Bad timing", "bad-timing", RejectionKinds.Disqualification),
        new("duplicate-or-customer", "Duplicate or existing customer", "duplicate-or-customer"),
        new("competitor-or-partner", "Competitor or partner", "competitor-or-partner"),
        new("spam", "Spam or junk", "spam"),
        new(Other, "Other", Other),
    ];

    static readonly Dictionary<string, RejectionReason> ByCode = All.ToDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>True for a code a rep can pick (the bare category "not-icp" is not one).</summary>
    public static bool IsValid(string code) => code is not null && ByCode.ContainsKey(code);

    /// <summary>Display label; the category label for "not-icp"; the code itself when unknown, so old data still shows something.</summary>
    public static string Label(string code) =>
        code is not null && ByCode.TryGetValue(code, out var r) ? r.Label : code == NotIcp ? NotIcpLabel : code ?? "";

    /// <summary>Reporting group of a code ("not-icp" for every not-ICP sub-reason).</summary>
    public static string Category(string code) =>
        code is not null && ByCode.TryGetValue(code, out var r) ? r.Category : code ?? "";

    /// <summary>
    /// Rejection or disqualification. "other" and codes this build does not know count as rejections: a rep who could
    /// say what they learnt from the prospect picks that reason.
    /// </summary>
    public static string Kind(string code) =>
        code is not null && ByCode.TryGetValue(code, out var r) ? r.Kind : RejectionKinds.Rejection;

    /// <summary>True when the reason counts against marketing (a rejection); false for a disqualification, which is a worked lead.</summary>
    public static bool CountsAgainstMarketing(string code) => Kind(code) == RejectionKinds.Rejection;

    /// <summary>A comment is required when "other" says nothing on its own: plain "other" and "not-icp:other".</summary>
    public static bool RequiresComment(string code) => code is Other or NotIcp + ":" + Other;
}
