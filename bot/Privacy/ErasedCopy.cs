using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Privacy;

/// <summary>
/// What is left of a lead once its person is erased. Kept, so reports and counts stay true: id, state, team, owner (a
/// rep, not the person), every timestamp, score, source, campaign, amount, the company's industry, size, country and
/// region (firmographics, not a person). Gone: names, email, phone, title, notes, attributes, the company's name and
/// domain (a small company's name or domain names its people), and the external id (the source system's handle on
/// the person). Texts that may quote the person are scrubbed; comments people wrote are kept whole or erased whole.
/// </summary>
public static class ErasedCopy
{
    public const string EventType = "erased";

    public static Lead Of(Lead lead, Redactor redactor, DateTimeOffset now) => lead with
    {
        ExternalId = Redactor.Erased,
        Email = null, FirstName = null, LastName = null, Title = null, Phone = null, Notes = null, Attributes = null,
        Company = lead.Company is { } c ? c with { Name = null, Domain = null } : null,
        CriteriaMet = Scrub(lead.CriteriaMet, redactor),
        CriteriaFailed = Scrub(lead.CriteriaFailed, redactor),
        RoutingReason = redactor.Scrub(lead.RoutingReason),
        RejectionComment = redactor.Comment(lead.RejectionComment),
        ErasedAt = now,
        Version = lead.Version + 1,
    };

    /// <summary>
    /// The history as it must read now, ending with the erasure itself (an event without personal data, which webhooks
    /// and audits can rely on). Actors are reps and systems, never the person, so they stay.
    /// </summary>
    public static List<LeadEvent> History(IReadOnlyList<LeadEvent> history, Redactor redactor, LeadEvent erased) =>
    [
        .. history.Select(e => e with
        {
            Reason = redactor.Scrub(e.Reason),
            Comment = redactor.Comment(e.Comment),
            Details = e.Details is null ? null : Scrub(e.Details, redactor),
        }),
        erased,
    ];

    public static LeadEvent Event(Lead lead, DateTimeOffset now, string actor, string channel, string reason) => new()
    {
        LeadId = lead.Id, At = now, Type = EventType, From = lead.State.Name(), Actor = actor, Channel = channel, Reason = reason,
    };

    private static List<string> Scrub(IEnumerable<string> texts, Redactor redactor) => [.. texts.Select(t => redactor.Scrub(t)!)];
}
