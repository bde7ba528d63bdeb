using LeadBot.Cards;

namespace LeadBot.Channels;

/// <summary>
/// Ids a chat channel has learnt about a person by meeting them (Teams: the "29:" user id and Entra object id of every
/// inbound activity), which the routing configuration cannot know. <see cref="CardViews"/> asks each registered channel,
/// so a card can address the person on that channel without the shared code reading channel storage.
/// </summary>
public interface IKnownPeople
{
    /// <summary><paramref name="person"/> with the ids this channel has learnt filled in; unchanged when it never met them.</summary>
    PersonView Complete(PersonView person);
}
