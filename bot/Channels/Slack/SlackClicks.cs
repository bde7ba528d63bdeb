using LeadBot.Cards;
using LeadBot.Handoff;
using LeadBot.Leads;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

/// <summary>
/// A click that changes a lead: Accept, an outcome button, or a submitted reject modal. <see cref="Kind"/> is its card verb
/// (<see cref="CardVerbs"/>); <see cref="Value"/> is the outcome or the rejection reason; <see cref="FromHome"/> marks a
/// click on the App Home tab (answered by re-publishing the tab).
/// </summary>
public sealed record SlackClick(
    string Id, string Kind, string LeadId, string UserId, string? Channel, bool FromHome, string? Value, string? Comment, DateTimeOffset At)
{
    public CardPress Press => new(Kind, LeadId, Reason: Value, Comment: Comment, Outcome: Value);
}

/// <summary>
/// Runs clicks before Slack gets its acknowledgement, so a process that dies right after answering 200 has not lost
/// one. The step is a store write of a few milliseconds; only the answer to the clicker (a Web API call) is left to
/// <see cref="SlackWork"/>. A user the bot cannot match without users.info is the one exception: that click is stored
/// first, run once Slack has said who clicked, and resumed on the next start if the process died in between.
/// </summary>
public sealed class SlackClicks(
    IOptionsMonitor<SlackOptions> options, SlackUsers users, CardSteps steps, SlackReplies replies, SlackWork work, IDocumentBags store,
    ILogger<SlackClicks> log)
{
    public const string Bag = "slack-clicks";

    /// <summary>Runs the click now, or stores it and runs it once users.info has answered; the clicker is told afterwards.</summary>
    public void Handle(SlackClick click)
    {
        if (users.Known(click.UserId) is { } actor)
        {
            var result = Run(click, actor);
            work.Enqueue(click.Kind + " answer", ct => AnswerAsync(click, result, ct));
            return;
        }
        store.Put(Bag, click.Id, click);
        work.Enqueue(click.Kind, ct => RunStoredAsync(click, ct));
    }

    /// <summary>Queues the clicks a previous process stored but did not get to run.</summary>
    public void ResumePending()
    {
        if (!options.CurrentValue.Enabled) return;
        foreach (var click in store.List<SlackClick>(Bag).OrderBy(c => c.At))
        {
            log.LogInformation("Resuming Slack {Kind} of {Lead} by {User} from {At}", click.Kind, click.LeadId, click.UserId, click.At);
            work.Enqueue(click.Kind, ct => RunStoredAsync(click, ct));
        }
    }

    private async Task RunStoredAsync(SlackClick click, CancellationToken ct)
    {
        var actor = await users.ActorAsync(click.UserId, ct);
        StepResult result;
        try
        {
            result = Run(click, actor);
        }
        finally
        {
            // Run or failed on the store: either way, replaying it on every start would not help.
            store.Remove(Bag, click.Id);
        }
        await AnswerAsync(click, result, ct);
    }

    private StepResult Run(SlackClick click, Routing.Actor actor) => steps.Run(click.Press, actor, LeadEvent.Channels.Slack);

    /// <summary>The clicker's own answer; everybody's copy of the card and the owner's details come through the outbox.</summary>
    private Task AnswerAsync(SlackClick click, StepResult result, CancellationToken ct) =>
        click.FromHome ? replies.PublishHomeAsync(click.UserId, ct) : replies.TellAsync(click.UserId, click.Channel, SlackRender.Text(result.Message), ct);
}
