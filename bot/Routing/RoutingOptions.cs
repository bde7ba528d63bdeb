namespace LeadBot.Routing;

public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>Checked in order: the first team whose conditions all match gets the lead.</summary>
    public List<SalesTeamOptions> Teams { get; set; } = [];
    /// <summary>Name of the team (in <see cref="Teams"/>) that catches every lead no other team matches.</summary>
    public string Fallback { get; set; } = "";
    /// <summary>Who hears back when sales rejects a lead.</summary>
    public MarketingOptions Marketing { get; set; } = new();
    /// <summary>People who may administer every team (e.g. point any team's leads at a channel), in the same shape as members.</summary>
    public List<RepOptions> Admins { get; set; } = [];
}

public sealed class SalesTeamOptions
{
    public string Name { get; set; } = "";
    /// <summary>"claim": offered to the team channel, first to accept owns it. "round-robin": offered to one rep at a time.</summary>
    public string Mode { get; set; } = RoutingModes.Claim;
    public MatchOptions Match { get; set; } = new();
    public List<RepOptions> Members { get; set; } = [];
    public List<RepOptions> Managers { get; set; } = [];
    /// <summary>Default maximum of open leads per rep; a rep's own Capacity overrides it.</summary>
    public int Capacity { get; set; } = 25;
    /// <summary>IANA or Windows time zone id for business hours and digests.</summary>
    public string TimeZone { get; set; } = "UTC";
    // A team's Sla and BusinessHours (Routing:Teams:N:Sla, :BusinessHours) belong to the service levels, which read them
    // from the same entries (TeamServiceLevels): routing decides who gets a lead, not how long they have.
}

public static class RoutingModes
{
    public const string Claim = "claim";
    public const string RoundRobin = "round-robin";
}

/// <summary>Empty lists and null bounds mean "any".</summary>
public sealed class MatchOptions
{
    public List<string> Regions { get; set; } = [];
    public List<string> Countries { get; set; } = [];
    public List<string> Industries { get; set; } = [];
    public List<string> Campaigns { get; set; } = [];
    public int? MinEmployees { get; set; }
    public int? MaxEmployees { get; set; }
    public int? MinScore { get; set; }
    public int? MaxScore { get; set; }
}

public sealed class RepOptions
{
    public string Email { get; set; } = "";
    public string? Name { get; set; }
    /// <summary>Entra (AAD) object id of the rep's Teams account.</summary>
    public string? TeamsAadObjectId { get; set; }
    public string? SlackUserId { get; set; }
    public int? Capacity { get; set; }
    /// <summary>Away (holiday, leave) until this moment: never offered a lead before it.</summary>
    public DateTimeOffset? AwayUntil { get; set; }
}

public sealed class MarketingOptions
{
    public List<RepOptions> Members { get; set; } = [];
}
