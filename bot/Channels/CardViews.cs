using LeadBot.Cards;
using LeadBot.Leads;
using LeadBot.Routing;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels;

public sealed class CardOptions
{
    public const string Section = "Cards";

    /// <summary>Comma-separated lead fields a shared channel may show (name, title, company, industry, size, country, region, score, source, campaign, email, phone, domain).</summary>
    public string? ChannelFields { get; set; }
}

/// <summary>
/// Which card a lead shows in its current state, as a channel-neutral view: both Teams and Slack render from here,
/// so the two platforms can never disagree about what a claimed or rejected lead looks like.
/// </summary>
public sealed class CardViews(IOptionsMonitor<CardOptions> options, Roster roster, Router router, TimeProvider clock, IEnumerable<IKnownPeople> channels)
{
    public ChannelFields Fields => Cards.ChannelFields.Parse(options.CurrentValue.ChannelFields);

    public static LeadView Lead(Lead lead) => new(
        lead.Id, lead.FirstName, lead.LastName, lead.Title, lead.Email, lead.Phone,
        lead.Company?.Name, lead.Company?.Domain, lead.Company?.Industry, lead.Company?.Employees, lead.Company?.Country, lead.Company?.Region,
        lead.Score, lead.Source, lead.Campaign, lead.QualifiedAt ?? lead.ReceivedAt,
        lead.CriteriaMet, lead.RoutingReason, lead.Team ?? "", lead.State.Name(), lead.AgreementVersion);

    private readonly IKnownPeople[] _channels = channels.ToArray();

    /// <summary>A person by email: name and ids from the roster, completed with what the channels learnt by meeting them.</summary>
    public PersonView Person(string email, string? fallbackName = null)
    {
        var person = roster.FindByEmail(email) is { } rep
            ? new PersonView(rep.Name, rep.Email, rep.TeamsAadObjectId, rep.SlackUserId)
            : new PersonView(fallbackName ?? email, email);
        foreach (var channel in _channels) person = channel.Complete(person);
        return person;
    }

    public IReadOnlyList<PersonView> Managers(string? team) =>
        router.Team(team)?.Managers.Select(m => Person(m.Email, m.Name)).ToList() ?? [];

    /// <summary>The card everybody in a shared channel sees for the lead now.</summary>
    public object ForChannel(Lead lead)
    {
        var now = clock.GetUtcNow();
        var view = Lead(lead);
        return lead.State switch
        {
            _ when lead.ErasedAt is { } erasedAt => new ErasedView(lead.Id, lead.Team ?? "", lead.State.Name(), erasedAt),
            _ when lead.Owner is { } owner => new ClaimedView(view, Person(owner.Email, owner.DisplayName), lead.ClaimedAt ?? now,
                (lead.ClaimedAt ?? now) - (lead.OfferedAt ?? lead.ReceivedAt), Fields),
            LeadState.Rejected => new RejectedView(view, Person(lead.RejectedBy.Count > 0 ? lead.RejectedBy[^1] : "", null), lead.RejectionReason ?? RejectionReasons.Other,
                lead.RejectionComment, lead.UpdatedAt, Fields),
            // An escalated (expired) lead can still be accepted: the card keeps its Accept and Reject buttons.
            LeadState.Expired => new EscalatedView(view, Managers(lead.Team), now - (lead.OfferedAt ?? lead.ReceivedAt), Expired: false, now, Fields),
            _ => new AnnouncementView(view, now, Fields),
        };
    }

    /// <summary>The owner's own view: contact details and the outcome buttons.</summary>
    public object ForOwner(Lead lead)
    {
        var now = clock.GetUtcNow();
        if (lead.Owner is not { } owner || lead.ErasedAt is not null) return ForChannel(lead);
        return new ClaimedView(Lead(lead), Person(owner.Email, owner.DisplayName), lead.ClaimedAt ?? now,
            (lead.ClaimedAt ?? now) - (lead.OfferedAt ?? lead.ReceivedAt), ChannelFields.All);
    }

    public EscalatedView Escalation(Lead lead)
    {
        var now = clock.GetUtcNow();
        return new EscalatedView(Lead(lead), Managers(lead.Team), now - (lead.OfferedAt ?? lead.ReceivedAt), Expired: false, now, Fields);
    }
}
