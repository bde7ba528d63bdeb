using LeadBot.Channels.Teams;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>Users are kept in memory for a few minutes: what this process learns is seen at once, another instance's news within the TTL.</summary>
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
}
