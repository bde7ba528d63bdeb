using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Commands;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Interactivity: the Accept / Reject / outcome buttons (block_actions) and the reject modal (view_submission); a
/// proposal card's Approve / Decline and the decline modal.
/// A click's lifecycle step is in the store before Slack gets its empty 200 (<see cref="SlackClicks"/>); Web API calls
/// (views.open, the clicker's note) run afterwards. The modal's validation errors go back in the acknowledgement itself,
/// because that is the only way Slack shows them in the modal.
/// </summary>
public sealed class SlackInteractions(
    SlackInbound inbound, SlackWork work, SlackUsers users, SlackReplies replies, SlackClicks clicks, SlackProposalClicks proposals, SlackWebApi api,
    TimeProvider clock, ILogger<SlackInteractions> log)
{
    /// <summary>A payload of the wrong shape (no actions, a number where a string belongs) is a 400, never a 500.</summary>
    public IResult Handle(JsonObject payload)
    {
        try { return HandleWellFormed(payload); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException or FormatException)
        {
            log.LogWarning("Refused a malformed Slack interaction: {Problem}", LeadBot.Access.Logged.Truncate(e.Message));
            return Results.BadRequest();
        }
    }

    private IResult HandleWellFormed(JsonObject payload)
    {
        // Interactions are not retried by Slack, but a replayed request must not claim or reject twice.
        var once = (string?)payload["trigger_id"] ?? (string?)payload["actions"]?[0]?["action_ts"];
        var type = (string?)payload["type"];
        if (!inbound.FirstTime("interaction", once))
            return type == "view_submission" ? Results.Json(new JsonObject { ["response_action"] = "clear" }) : Results.Ok();
        var id = once ?? Guid.NewGuid().ToString("N");
        return type switch
        {
            "block_actions" => Actions(id, payload),
            "view_submission" when (string?)payload["view"]?["callback_id"] == SlackIds.RejectModalCallback => RejectSubmitted(id, payload),
            "view_submission" when (string?)payload["view"]?["callback_id"] == SlackIds.DeclineModalCallback => DeclineSubmitted(payload),
            _ => Results.Ok(),
        };
    }

    /// <summary>A button pressed on a message or the App Home tab, as block_actions tells it; <see cref="Value"/> is the lead or proposal id.</summary>
    private sealed record Pressed(string Id, string ActionId, string Value, string User, string? Channel, string? MessageTs, bool FromHome, string? Trigger);

    /// <summary>
    /// What each action_id does when Slack reports the press. Outcome buttons share one route: Slack needs an action_id
    /// per button, so theirs are "lead_outcome:&lt;code&gt;", routed by the part before the colon. Adding a button is adding a line.
    /// </summary>
    private static readonly RouteTable<Action<SlackInteractions, Pressed>> ActionIds = new("Slack action ids",
    [
        (SlackIds.ActionAccept, (me, p) => me.Click(p, CardVerbs.Accept, null)),
        (SlackIds.ActionOutcome, (me, p) =>
        {
            if (SlackIds.TryParseOutcomeAction(p.ActionId, out var outcome)) me.Click(p, CardVerbs.Outcome, outcome);
        }),
        (SlackIds.ActionReject, (me, p) =>
        {
            if (p.Trigger is { } trigger) me.OpenRejectModal(trigger, p.Value, p.User, p.Channel, p.MessageTs);
        }),
        (SlackIds.ActionApproveProposal, (me, p) => me.Approve(p)),
        (SlackIds.ActionDeclineProposal, (me, p) =>
        {
            if (p.Trigger is { } trigger) me.OpenDeclineModal(trigger, p.Value, p.User, p.Channel);
        }),
    ]);

    /// <summary>The action ids routed; reading it builds the table (see <see cref="RouteTable{THandler}"/>).</summary>
    public static IReadOnlyCollection<string> Routed => ActionIds.Names;

    private IResult Actions(string id, JsonObject payload)
    {
        var user = (string?)payload["user"]?["id"];
        var action = payload["actions"] is JsonArray { Count: > 0 } actions ? actions[0] as JsonObject : null;
        var actionId = (string?)action?["action_id"];
        var value = (string?)action?["value"];
        if (user is null || actionId is null || string.IsNullOrEmpty(value)) return Results.Ok();
        var pressed = new Pressed(id, actionId, value, user,
            (string?)payload["container"]?["channel_id"] ?? (string?)payload["channel"]?["id"], (string?)payload["container"]?["message_ts"],
            FromHome: (string?)payload["container"]?["type"] == "view", Trigger: (string?)payload["trigger_id"]);
        if (ActionIds.Find(actionId.Split(':')[0]) is { } route) route(this, pressed);
        else log.LogDebug("Ignoring Slack action {Action}", actionId);
        return Results.Ok();
    }

    private void Click(Pressed p, string verb, string? value) =>
        clicks.Handle(new SlackClick(p.Id, verb, p.Value, p.User, p.Channel, p.FromHome, value, null, clock.GetUtcNow()));

    /// <summary>trigger_id is valid for 3 seconds: views.open goes in the urgent lane, ahead of any queued posts.</summary>
    private void OpenRejectModal(string trigger, string leadId, string user, string? channel, string? messageTs) =>
        work.EnqueueUrgent("open reject modal", async ct =>
        {
            try
            {
                await api.OpenViewAsync(trigger, BlockKit.RejectModal(leadId, BlockKit.RejectModalMetadata(leadId, channel, messageTs)), ct);
            }
            catch (SlackApiException e) when (e.Error is "expired_trigger_id" or "exchanged_trigger_id")
            {
                work.Enqueue("reject modal too late", ct2 =>
                    replies.TellAsync(user, channel, SlackRender.Text("Slack took too long to open the reject form. Please click Reject again."), ct2));
            }
            // Knowing the rep before they submit lets the rejection run inside the submission's acknowledgement.
            if (users.Known(user) is null) work.Enqueue("look up rejecting rep", ct2 => users.ActorAsync(user, ct2));
        });

    private void Approve(Pressed p) => proposals.Handle(p.User, p.Channel, p.Value, approve: true, comment: null);

    private void OpenDeclineModal(string trigger, string proposalId, string user, string? channel) =>
        work.EnqueueUrgent("open decline modal", async ct =>
        {
            try
            {
                await api.OpenViewAsync(trigger, BlockKit.DeclineModal(proposalId, channel), ct);
            }
            catch (SlackApiException e) when (e.Error is "expired_trigger_id" or "exchanged_trigger_id")
            {
                work.Enqueue("decline modal too late", ct2 =>
                    replies.TellAsync(user, channel, SlackRender.Text("Slack took too long to open the decline form. Please click Decline again."), ct2));
            }
        });

    /// <summary>The decline modal: the comment is required (both sides read it); an error goes back into the modal.</summary>
    private IResult DeclineSubmitted(JsonObject payload)
    {
        var user = (string?)payload["user"]?["id"];
        var view = payload["view"];
        var comment = (string?)view?["state"]?["values"]?[SlackIds.DeclineCommentBlock]?[SlackIds.DeclineCommentAction]?["value"];
        if (string.IsNullOrWhiteSpace(comment))
            return Results.Json(new JsonObject
            {
                ["response_action"] = "errors",
                ["errors"] = new JsonObject { [SlackIds.DeclineCommentBlock] = "Say why you decline: both sides read the comment." },
            });
        var metadata = SlackInbound.Json((string?)view?["private_metadata"] ?? "");
        if (user is not null && (string?)metadata?["proposal_id"] is { Length: > 0 } proposalId)
            proposals.Handle(user, (string?)metadata["channel_id"], proposalId, approve: false, comment);
        else log.LogWarning("Decline modal submitted without a proposal id in private_metadata");
        return Results.Json(new JsonObject { ["response_action"] = "clear" });
    }

    private IResult RejectSubmitted(string id, JsonObject payload)
    {
        var user = (string?)payload["user"]?["id"];
        var view = payload["view"];
        var values = view?["state"]?["values"];
        var reason = (string?)values?[SlackIds.ReasonBlock]?[SlackIds.ReasonAction]?["selected_option"]?["value"];
        var comment = (string?)values?[SlackIds.CommentBlock]?[SlackIds.CommentAction]?["value"];
        var errors = new JsonObject();
        if (string.IsNullOrWhiteSpace(reason) || !RejectionReasons.IsValid(reason))
            errors[SlackIds.ReasonBlock] = "Choose a reason for rejecting the lead.";
        else if (RejectionReasons.RequiresComment(reason) && string.IsNullOrWhiteSpace(comment))
            errors[SlackIds.CommentBlock] = $"Tell marketing why in a comment when the reason is \"{RejectionReasons.Label(reason)}\".";
        if (errors.Count > 0) return Results.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = errors });

        var metadata = SlackInbound.Json((string?)view?["private_metadata"] ?? "");
        var leadId = (string?)metadata?["lead_id"];
        var channel = (string?)metadata?["channel_id"];
        if (user is null || leadId is null)
        {
            log.LogWarning("Reject modal submitted without a lead id in private_metadata");
            return Results.Json(new JsonObject { ["response_action"] = "clear" });
        }
        clicks.Handle(new SlackClick(id, CardVerbs.Reject, leadId, user, channel, false, reason, comment, clock.GetUtcNow()));
        return Results.Json(new JsonObject { ["response_action"] = "clear" });
    }
}
