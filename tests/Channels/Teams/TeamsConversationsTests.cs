using LeadBot.Channels.Teams;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>Users and conversations are kept in memory for a few minutes: what this process learns is seen at once, another instance's news within the TTL.</summary>
public sealed class TeamsConversationsTests : IDisposable
{
    private readonly LeadBotApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void AUserLearnedByAnotherInstance_IsSeenOnceTheCachedCopyIsOlderThanFiveMinutes()
    {
        var here = new TeamsConversations(_app.Store, _app.Clock);
        var there = new TeamsConversations(_app.Store, _app.Clock); // a second instance on the same store
        var anna = new TeamsUser("aad-anna", "29:anna", "anna.schmidt@contoso.com", "Anna", "tenant", "https://smba.example/", _app.Clock.GetUtcNow());

        there.RememberUser(anna);
        Assert.Equal("Anna", here.UserByEmail("Anna.Schmidt@contoso.com")?.Name);

        there.RememberUser(anna with { Name = "Anna Schmidt" });
        Assert.Equal("Anna Schmidt", there.User("AAD-ANNA")?.Name); // its own news at once
        Assert.Equal("Anna", here.User("aad-anna")?.Name);          // the other still has its copy

        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("Anna Schmidt", here.User("aad-anna")?.Name);
        Assert.Null(here.UserByEmail("nobody@contoso.com"));
    }

    [Fact]
    public void PersonalChat_IsFoundByTheUsersObjectId_IncludingChatsRememberedBeforeTheIndex()
    {
        var conversations = new TeamsConversations(_app.Store, _app.Clock);
        var now = _app.Clock.GetUtcNow();
        ConversationRef Chat(string id, string aad, string kind = ConversationRef.Personal) =>
            new(id, "https://smba.example/", "tenant", kind, null, null, null, "28:bot", "29:" + aad, aad, now);
        conversations.Remember(Chat("a:anna", "aad-anna"));
        conversations.Remember(Chat("19:channel", "aad-luca", ConversationRef.Channel));
        // A chat written by an earlier version: in the conversations, not in the index.
        _app.Store.Put(TeamsConversations.Bag, "a:old", Chat("a:old", "aad-old"));

        Assert.Equal("a:anna", conversations.PersonalChatOf("AAD-ANNA")?.ConversationId);
        Assert.Equal("a:old", new TeamsConversations(_app.Store, _app.Clock).PersonalChatOf("aad-old")?.ConversationId);
        Assert.Null(conversations.PersonalChatOf("aad-luca")); // a channel is not a personal chat

        conversations.Remember(Chat("a:anna", "aad-anna") with { Installed = false });
        Assert.Null(conversations.PersonalChatOf("aad-anna")); // removed from the personal scope: a new chat is opened
        conversations.Remember(Chat("a:anna-2", "aad-anna"));
        Assert.Equal("a:anna-2", conversations.PersonalChatOf("aad-anna")?.ConversationId);
    }
}
