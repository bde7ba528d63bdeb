using LeadBot.Routing;
using Microsoft.Extensions.Options;

namespace LeadBot.Health;

/// <summary>
/// Configuration an admin must finish before LeadBot does its job, said the same way in /healthz and in the start-up log.
/// Only things someone must act on belong here; normal states (reps who have not talked to the bot yet) are information.
/// </summary>
public static class AdminWarnings
{
    public const string NoTeams =
        "No sales team is configured: set Routing:Teams (each with Name, Match and Members) and Routing:Fallback (the team that catches unmatched leads). Until then intake refuses leads with 503.";

    public static IEnumerable<string> OfConfiguration(RoutingOptions routing)
    {
        if (routing.Teams.Count == 0) yield return NoTeams;
    }

    public static void LogAtStart(WebApplication app)
    {
        foreach (var warning in OfConfiguration(app.Services.GetRequiredService<IOptions<RoutingOptions>>().Value))
            app.Logger.LogWarning("{Warning}", warning);
    }
}
