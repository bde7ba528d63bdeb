using LeadBot.Cards;
using LeadBot.Commands;
using LeadBot.Handoff;
using LeadBot.Routing;

namespace LeadBot.Channels;

/// <summary>A press of a lead card's button, whichever platform it came from: the verb (<see cref="CardVerbs"/>) and what the card carried.</summary>
public sealed record CardPress(string Verb, string LeadId, string? Reason = null, string? Comment = null, string? Outcome = null);

/// <summary>
/// The lifecycle step each card verb runs, one table for Teams (Action.Execute verbs) and Slack (button clicks and the
/// reject form), so a button does the same on both. Adding a verb is adding a line.
/// </summary>
public sealed class CardSteps(LeadActions actions)
{
    private static readonly RouteTable<Func<LeadActions, CardPress, Actor, string, StepResult>> Steps = new("card verbs",
    [
        (CardVerbs.Accept, (a, p, who, channel) => a.Claim(p.LeadId, who, channel)),
        (CardVerbs.Reject, (a, p, who, channel) => a.Reject(p.LeadId, who, p.Reason, p.Comment, channel)),
        (CardVerbs.Outcome, (a, p, who, channel) => a.RecordOutcome(p.LeadId, who, p.Outcome, channel)),
    ]);

    /// <summary>The verbs routed; reading it builds the table (see <see cref="RouteTable{THandler}"/>).</summary>
    public static IReadOnlyCollection<string> Routed => Steps.Names;

    /// <summary>Whether the verb changes a lead (the others, such as refresh, only show it).</summary>
    public static bool IsStep(string verb) => Steps.Find(verb) is not null;

    /// <param name="channel">Where it was pressed, for the history (<see cref="Leads.LeadEvent.Channels"/>).</param>
    public StepResult Run(CardPress press, Actor actor, string channel) => Steps.Find(press.Verb) is { } step
        ? step(actions, press, actor, channel)
        : StepResult.Invalid(null, $"LeadBot does not know the button \"{press.Verb}\".");
}
