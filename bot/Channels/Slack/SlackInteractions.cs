using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Handoff;
using LeadBot.Leads;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Interactivity: the Accept / Reject / outcome buttons (block_actions) and the reject modal (view_submission).
/// Buttons are acknowledged with an empty 200 and acted on in the background; the modal's validation errors go back in
/// the acknowledgement itself, because that is the only way Slack shows them in the modal.
/// </summary>
public sealed class SlackInteractions(
    SlackInbound inbound, SlackWork work, SlackUsers users, SlackReplies replies, LeadActions actions, SlackWebApi api, ILogger<SlackInteractions> log)
{
    public IResult Handle(JsonObject payload)
    {
        // Interactions are not retried by Slack, but a replayed request must not claim or reject twice.
        var once = (string?)payload["trigger_id"] ?? (string?)payload["actions"]?[0]?["action_ts"];
        var type = (string?)payload["type"];
        if (!inbound.FirstTime("interaction", once))
            return type == "view_submission" ? Results.Json(new JsonObject { ["response_action"] = "clear" }) : Results.Ok();
        return type switch
        {
            "block_actions" => Actions(payload),
            "view_submission" when (string?)payload["view"]?["callback_id"] == SlackIds.RejectModalCallback => RejectSubmitted(payload),
            _ => Results.Ok(),
        };
    }

    private IResult Actions(JsonObject payload)
    {
        var user = (string?)payload["user"]?["id"];
        var action = payload["actions"]?[0] as JsonObject;
        var actionId = (string?)action?["action_id"];
        var leadId = (string?)action?["value"];
        if (user is null || actionId is null || string.IsNullOrEmpty(leadId)) return Results.Ok();
        var channel = (string?)payload["container"]?["channel_id"] ?? (string?)payload["channel"]?["id"];
        var messageTs = (string?)payload["container"]?["message_ts"];
        var fromHome = (string?)payload["container"]?["type"] == "view";

        if (actionId == SlackIds.ActionAccept)
            work.Enqueue("accept", async ct =>
            {
                var result = actions.Claim(leadId, await users.ActorAsync(user, ct), LeadEvent.Channels.Slack);
                // Everybody's copy of the card and the claimer's contact details come through the outbox; this is the clicker's answer.
                await replies.TellAsync(user, channel, SlackRender.Text(result.Message), ct);
            });
        else if (actionId == SlackIds.ActionReject && (string?)payload["trigger_id"] is { } trigger)
            work.Enqueue("open reject modal", async ct =>
            {
                // trigger_id is valid for 3 seconds: open the modal before anything else.
                try
                {
                    await api.OpenViewAsync(trigger, BlockKit.RejectModal(leadId, BlockKit.RejectModalMetadata(leadId, channel, messageTs)), ct);
                }
                catch (SlackApiException e) when (e.Error is "expired_trigger_id" or "exchanged_trigger_id")
                {
                    await replies.TellAsync(user, channel, SlackRender.Text("Slack took too long to open the reject form. Please click Reject again."), ct);
                }
                await users.ActorAsync(user, ct); // warms the cache, so the submit finds the rep without a lookup
            });
        else if (SlackIds.TryParseOutcomeAction(actionId, out var outcome))
            work.Enqueue("outcome", async ct =>
            {
                var result = actions.RecordOutcome(leadId, await users.ActorAsync(user, ct), outcome, LeadEvent.Channels.Slack);
                if (fromHome) await replies.PublishHomeAsync(user, ct);
                else await replies.TellAsync(user, channel, SlackRender.Text(result.Message), ct);
            });
        else log.LogDebug("Ignoring Slack action {Action}", actionId);
        return Results.Ok();
    }

    private IResult RejectSubmitted(JsonObject payload)
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
        work.Enqueue("reject", async ct =>
        {
            var result = actions.Reject(leadId, await users.ActorAsync(user, ct), reason, comment, LeadEvent.Channels.Slack);
            await replies.TellAsync(user, channel, SlackRender.Text(result.Message), ct);
        });
        return Results.Json(new JsonObject { ["response_action"] = "clear" });
    }
}
