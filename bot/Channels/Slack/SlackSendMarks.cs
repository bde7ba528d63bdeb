using System.Text.Json.Nodes;
using LeadBot.Storage;

namespace LeadBot.Channels.Slack;

/// <summary>A post that was started and not yet recorded in <see cref="Deliveries"/>: the process may have died in between.</summary>
public sealed record SendMark(string Tag, string Channel, DateTimeOffset At);

/// <summary>
/// Narrows the one crash window the outbox cannot close alone: Slack accepted a post, and the process died before it
/// recorded the delivery. Each post is marked in the store before it is sent and carries its tag in the message
/// metadata; the mark is cleared once the delivery is recorded. A retry that finds a mark looks for the tag in the
/// channel's history around the mark's time and, if Slack has the message, records it instead of posting it again.
/// (chat.postMessage takes no idempotency key, so this is the only way to ask Slack "did that post arrive?")
/// </summary>
public sealed class SlackSendMarks(IDocumentBags store, SlackWebApi api, TimeProvider clock, ILogger<SlackSendMarks> log)
{
    public const string Bag = "slack-sending";
    public const string EventType = "leadbot_card";
    public const string TagKey = "leadbot_tag";

    // The post follows the mark within the HTTP timeout; the rest is room for Slack's clock against ours.
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static string Tag(string leadId, string channel, string kind) => $"{leadId}|{channel}|{kind}";

    public static SlackMetadata Metadata(string tag, string leadId, string kind) =>
        new(EventType, new JsonObject { [TagKey] = tag, ["lead_id"] = leadId, ["kind"] = kind });

    /// <summary>The ts of the message an earlier, unfinished attempt posted; null when there was none (or Slack cannot tell us).</summary>
    public async Task<string?> EarlierPostAsync(string tag, CancellationToken ct)
    {
        if (store.Get<SendMark>(Bag, tag) is not { } mark) return null;
        try
        {
            var ts = await api.FindTaggedAsync(mark.Channel, EventType, TagKey, tag, mark.At - Window, mark.At + Window, ct);
            if (ts is not null) log.LogInformation("{Tag} was posted by an attempt that did not finish (ts {Ts}); not posting it again", tag, ts);
            return ts;
        }
        catch (SlackApiException e) when (e.Permanent)
        {
            // Without the history scopes the check cannot be made; posting again is the lesser harm than never posting.
            log.LogWarning("Could not check whether {Tag} was already posted ({Error}); posting it again", tag, e.Error);
            return null;
        }
    }

    public void Mark(string tag, string channel) => store.Put(Bag, tag, new SendMark(tag, channel, clock.GetUtcNow()));

    public void Clear(string tag) => store.Remove(Bag, tag);
}
