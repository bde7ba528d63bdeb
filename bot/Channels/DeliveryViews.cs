using LeadBot.Agreement;
using LeadBot.Cards;
using LeadBot.Handoff.Delivery;
using LeadBot.Insights;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Channels;

/// <summary>A card as the plan chose it: the channel-neutral view, and whether it is the owner's version (contact details, outcome buttons).</summary>
/// <param name="Title">A line said with the card (a digest's "Daily pipeline for EMEA"); null for none.</param>
public sealed record CardShown(object View, bool ForOwner = false, string? Title = null);

/// <summary>Turns a planned <see cref="CardLook"/> into the view both platforms draw, so they show the same card for the same plan.</summary>
public sealed class DeliveryViews(CardViews views, ILeadRecords leads, Proposals proposals, Roster roster, TimeProvider clock)
{
    public CardShown For(CardLook look, Plan plan)
    {
        if (look == CardLook.Digest) return Digest(plan.Message);
        // The proposal as it stands when the card goes out: a copy posted late already shows the approvals since.
        if (look == CardLook.Proposal)
            return proposals.Find(plan.Key) is { } proposal
                ? new(ProposalCardView.From(proposal, roster))
                : throw new DeliveryException($"{plan.Message.Id}: there is no proposal {plan.Key}.", permanent: true);
        var lead = plan.Lead ?? throw new DeliveryException($"{plan.Message.Id}: a {look} card needs a lead.", permanent: true);
        if (lead.ErasedAt is not null) return new(views.ForChannel(lead)); // the erased view, whatever the look
        return look switch
        {
            CardLook.Owner when lead.Owner is not null => Owner(lead),
            CardLook.Reminder => new(new OutcomeView(CardViews.Lead(lead), clock.GetUtcNow()), ForOwner: true),
            CardLook.Escalation when lead.Owner is null => new(views.Escalation(lead)),
            CardLook.Rejection => new(Rejection(lead)),
            // The channel's card; also the managers' overdue note, and any look the lead has outgrown.
            _ => new(views.ForChannel(lead)),
        };
    }

    /// <summary>
    /// The owner's card: contact details with the outcome buttons; once worked, the current state above them; once
    /// closed, without buttons that could no longer apply.
    /// </summary>
    private CardShown Owner(Lead lead) => lead.State is LeadState.Contacted or LeadState.Meeting or LeadState.Opportunity
        ? new(new OutcomeView(CardViews.Lead(lead), clock.GetUtcNow()), ForOwner: true)
        : new(views.ForOwner(lead), ForOwner: lead.State == LeadState.Accepted);

    /// <summary>Marketing's copy of the latest rejection, from the history (the lead itself may have been re-offered since).</summary>
    private RejectedView Rejection(Lead lead)
    {
        var last = leads.History(lead.Id).LastOrDefault(e => e.Type == LeadState.Rejected.Name());
        var by = lead.RejectedBy.Count > 0 ? views.Person(lead.RejectedBy[^1], last?.Actor) : new PersonView(last?.Actor ?? "a rep");
        return new RejectedView(CardViews.Lead(lead), by, last?.Reason ?? lead.RejectionReason ?? RejectionReasons.Other,
            last?.Comment ?? lead.RejectionComment, last?.At ?? lead.UpdatedAt, views.Fields);
    }

    private static CardShown Digest(OutboxMessage message)
    {
        DigestPayload? payload;
        try { payload = message.Payload is { } json ? DigestPayload.Read(json) : null; }
        catch (System.Text.Json.JsonException) { payload = null; }
        object? view = payload?.Type switch
        {
            DigestPayload.PipelineType => payload.Pipeline,
            DigestPayload.FeedbackType => payload.Feedback,
            DigestPayload.ReviewType => payload.Review,
            _ => null,
        };
        return view is null
            ? throw new DeliveryException($"Digest {message.Id} carries no pipeline, feedback or agreement review.", permanent: true)
            : new CardShown(view, Title: payload!.Title);
    }
}
