using LeadBot.Handoff.Delivery;
using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Agreement;

/// <summary>
/// The outbox messages that put a proposal in front of both sides: its card to the managers of the teams it concerns
/// (every team's, for the criteria all teams share) and to marketing (a subscribed channel, else each roster member),
/// and one coalescing redraw of every posted copy after each approval, decline or apply. They are written in the same
/// transaction as the proposal or decision, so a card can neither miss a decision nor show one that did not happen.
/// </summary>
public sealed class ProposalNotices(Router router, OutboxSignal signal, TimeProvider clock)
{
    /// <summary>The proposal's cards, one message per audience; a person in two audiences still gets one copy (same slot).</summary>
    public IReadOnlyList<OutboxMessage> Cards(Proposal proposal)
    {
        var teams = router.Teams.Where(t => t.Managers.Count > 0
            && (proposal.Change.Team is not { } team || string.Equals(t.Name, team, StringComparison.OrdinalIgnoreCase)));
        return [.. teams.Select(t => Message(proposal.Id, OutboxMessage.Kinds.Proposal, Audiences.Managers(t.Name))),
            Message(proposal.Id, OutboxMessage.Kinds.Proposal, Audiences.Marketing)];
    }

    /// <summary>Redraws every posted copy with the proposal as it stands after the write it goes with.</summary>
    public IReadOnlyList<OutboxMessage> Update(string proposalId) => [Message(proposalId, OutboxMessage.Kinds.ProposalUpdate, Audiences.Posted)];

    /// <summary>Wakes the dispatcher once the write that carried the messages is in.</summary>
    public void Sent() => signal.Poke();

    private OutboxMessage Message(string proposalId, string kind, string audience)
    {
        var now = clock.GetUtcNow();
        var id = kind == OutboxMessage.Kinds.ProposalUpdate ? $"{kind}:{proposalId}" : $"{kind}:{proposalId}:{audience.ToLowerInvariant()}";
        return new OutboxMessage { Id = id, Kind = kind, Audience = audience, Payload = proposalId, CreatedAt = now, DueAt = now };
    }
}
