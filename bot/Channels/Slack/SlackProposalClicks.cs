using LeadBot.Agreement;
using LeadBot.Routing;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Approve and decline from a proposal card (the decline's comment comes from its modal). The decision is in the store
/// before Slack gets its acknowledgement when the clicker is known without asking Slack; otherwise once users.info has
/// said who clicked. <see cref="Proposals"/> checks the role; the clicker is told the result, and every posted copy of
/// the card is redrawn through the outbox (the proposal-update the decision wrote).
/// </summary>
public sealed class SlackProposalClicks(SlackUsers users, Proposals proposals, SlackReplies replies, SlackWork work)
{
    public void Handle(string userId, string? channel, string proposalId, bool approve, string? comment)
    {
        if (users.Known(userId) is { } actor)
        {
            var step = Decide(actor, proposalId, approve, comment);
            work.Enqueue("proposal answer", ct => replies.TellAsync(userId, channel, SlackRender.Text(step.Message ?? "Done."), ct));
            return;
        }
        work.Enqueue("proposal decision", async ct =>
        {
            var step = Decide(await users.ActorAsync(userId, ct), proposalId, approve, comment);
            await replies.TellAsync(userId, channel, SlackRender.Text(step.Message ?? "Done."), ct);
        });
    }

    private ProposalStep Decide(Actor actor, string proposalId, bool approve, string? comment) =>
        approve ? proposals.Approve(proposalId, actor, comment) : proposals.Decline(proposalId, actor, comment);
}
