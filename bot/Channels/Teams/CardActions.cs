using System.Text.Json;
using System.Text.Json.Nodes;
using LeadBot.Agreement;
using LeadBot.Cards;
using LeadBot.Commands;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Channels.Teams;

/// <summary>A button press on a lead or proposal card, whichever way it arrived (Action.Execute invoke, Action.Submit message).</summary>
public sealed record CardAction(string Verb, string? LeadId, string? Reason, string? Comment, string? Outcome, string? ProposalId = null)
{
    public static CardAction? From(JsonObject? data, string? verb)
    {
        if (data is null) return null;
        verb ??= Str(data, "verb") ?? Str(data, "action");
        if (verb is null) return null;
        return new CardAction(verb, Str(data, CardData.LeadId), Str(data, CardData.Reason), Str(data, CardData.Comment), Str(data, CardData.Outcome),
            Str(data, CardData.ProposalId));
    }

    private static string? Str(JsonObject data, string key) =>
        data.TryGetPropertyValue(key, out var node) && node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}

/// <summary>
/// Accept, reject, outcome and refresh from a lead card; approve and decline from a proposal card. Answers with the card
/// the clicking user should see now; everyone else's copy is updated through the outbox (the card-update the lifecycle
/// step, or the proposal-update the decision, enqueued).
/// </summary>
public sealed class CardActions(CardSteps steps, CardViews views, ILeadStore store, Roster roster, Proposals proposals, Visibility visibility)
{
    /// <summary>The invoke response for an adaptiveCard/action activity.</summary>
    public JsonObject Execute(JsonElement? value, Actor actor)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v || JsonNode.Parse(v.GetRawText()) is not JsonObject body
            || body["action"] is not JsonObject action)
            return TeamsMessages.ErrorResponse(400, "BadRequest", "The invoke has no action.");
        if (action["type"]?.GetValue<string>() != "Action.Execute")
            return TeamsMessages.ErrorResponse(400, "NotSupported", "Only Action.Execute is supported here.");
        var verb = action["verb"] is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;
        var press = CardAction.From(action["data"] as JsonObject ?? [], verb ?? "");
        return press is null || press.Verb.Length == 0
            ? TeamsMessages.ErrorResponse(400, "BadRequest", "This button is not one of LeadBot's.")
            : Answer(Do(press, actor));
    }

    /// <summary>What each verb does on Teams: the lifecycle steps every platform shares, and the refresh only Teams cards ask for.</summary>
    private static readonly RouteTable<Func<CardActions, CardAction, Actor, Outcome>> Verbs = new("Teams card verbs",
    [
        (CardVerbs.Accept, (me, press, actor) => me.Step(press, actor)),
        (CardVerbs.Reject, (me, press, actor) => me.Step(press, actor)),
        (CardVerbs.Outcome, (me, press, actor) => me.Step(press, actor)),
        (CardVerbs.Refresh, (me, press, actor) => press.ProposalId is { } id ? me.ShowProposal(id) : me.Refresh(press, actor)),
        (CardVerbs.ApproveProposal, (me, press, actor) => me.Decide(press, actor, approve: true)),
        (CardVerbs.DeclineProposal, (me, press, actor) => press.Comment is null
            ? new Outcome(null, false, "Say why you decline: both sides read the comment.")
            : me.Decide(press, actor, approve: false)),
    ]);

    /// <summary>The verbs routed; reading it builds the table (see <see cref="RouteTable{THandler}"/>).</summary>
    public static IReadOnlyCollection<string> Routed => Verbs.Names;

    /// <summary>What one press does; the card to show (with whether it is the owner's version), or a message.</summary>
    public Outcome Do(CardAction press, Actor actor) => Verbs.Find(press.Verb) is { } verb
        ? verb(this, press, actor)
        : new Outcome(null, false, $"LeadBot does not know the button \"{press.Verb}\".");

    private static readonly Outcome NoLead = new(null, false, "This card does not name a lead.");

    private static Outcome Unseen(string leadId) => new(null, false, $"There is no lead {leadId} that you can see.");

    /// <summary>
    /// Approve or decline: <see cref="Proposals"/> checks the clicker holds a role (a sales manager, a marketing roster
    /// member). The clicker sees the proposal as it stands now; a refusal is said without changing their card.
    /// </summary>
    private Outcome Decide(CardAction press, Actor actor, bool approve)
    {
        if (press.ProposalId is not { } id) return new Outcome(null, false, "This card does not name a proposal.");
        var step = approve ? proposals.Approve(id, actor, press.Comment) : proposals.Decline(id, actor, press.Comment);
        return step.State is { } state && step.Refusal is null
            ? new Outcome(ProposalCardView.From(state, roster), false, step.Message)
            : step.Refusal == ProposalRefusal.Closed && proposals.Find(id) is { } closed
                ? new Outcome(ProposalCardView.From(closed, roster), false, step.Message)
                : new Outcome(null, false, step.Message);
    }

    private Outcome ShowProposal(string id) =>
        proposals.Find(id) is { } state ? new Outcome(ProposalCardView.From(state, roster), false, null) : new Outcome(null, false, $"There is no proposal {id}.");

    private Outcome Refresh(CardAction press, Actor actor)
    {
        if (press.LeadId is not { } leadId) return NoLead;
        // Lead ids are guessable: a click (or a forged refresh) shows the lead only to someone who may see it.
        return store.Find(leadId) is { } lead && visibility.Of(actor).SeesLead(lead) ? CardFor(lead, actor, null) : Unseen(leadId);
    }

    /// <summary>
    /// Who may see the lead and the step itself, read and decided in one store scope: the step re-reads the lead anyway,
    /// and apart the two reads queued for LiteDB's write gate twice, so every click waited out two group commits.
    /// </summary>
    private Outcome Step(CardAction press, Actor actor)
    {
        if (press.LeadId is not { } leadId) return NoLead;
        var viewer = visibility.Of(actor);
        var result = store.RunTogether(() => store.Find(leadId) is { } current && viewer.SeesLead(current)
            ? steps.Run(new CardPress(press.Verb, leadId, press.Reason, press.Comment, press.Outcome), actor, LeadEvent.Channels.Teams)
            : null, reads: leadId);
        if (result is null) return Unseen(leadId);
        if (result.Lead is not { } changed) return new Outcome(null, false, result.Message);
        // A refused step only deserves a new card when the card would look different (claimed by someone, rejected, expired);
        // otherwise the user keeps their card and reads why (full, not on the team, reason missing).
        if (!result.Ok && changed.Owner is null && changed.State is LeadState.Offered or LeadState.Qualified)
            return new Outcome(null, false, result.Message);
        return CardFor(changed, actor, result.Message);
    }

    private Outcome CardFor(Lead lead, Actor actor, string? message)
    {
        var owner = lead.Owner is { } o && roster.Find(actor) is { } rep && string.Equals(rep.Email, o.Email, StringComparison.OrdinalIgnoreCase);
        return new Outcome(owner ? views.ForOwner(lead) : views.ForChannel(lead), owner, message);
    }

    private static JsonObject Answer(Outcome outcome) => outcome.View is { } view
        ? TeamsMessages.CardResponse(TeamsMessages.Card(view, outcome.ForOwner))
        : TeamsMessages.MessageResponse(outcome.Message ?? "Done.");

    public sealed record Outcome(object? View, bool ForOwner, string? Message);
}
