namespace LeadBot.Cards;

/// <summary>A person as the cards need them: a name for everyone, and a platform id where a mention or refresh needs one.</summary>
/// <param name="TeamsUserId">The user's Teams id ("29:…", the MRI Teams puts in <c>from.id</c>), once the bot has met them:
/// <c>refresh.userIds</c> documents those ids, not Entra object ids.</param>
public sealed record PersonView(string DisplayName, string? Email = null, string? TeamsAadObjectId = null, string? SlackUserId = null, string? TeamsUserId = null);

/// <summary>Channel-neutral snapshot of a lead. Every string in it is data, never markup.</summary>
/// <param name="AgreementVersion">The version of the marketing–sales agreement the lead was qualified under ("agreement v3").</param>
public sealed record LeadView(
    string LeadId, string? FirstName, string? LastName, string? Title, string? Email, string? Phone,
    string? CompanyName, string? CompanyDomain, string? Industry, int? Employees, string? Country, string? Region,
    int? Score, string Source, string? Campaign, DateTimeOffset? QualifiedAt,
    IReadOnlyList<string> QualificationReasons,
    string? RoutingReason,
    string TeamName, string State, int? AgreementVersion = null);

/// <summary>
/// Admin allowlist of lead fields a shared channel may show (config <c>Cards:ChannelFields</c>).
/// Contact details stay out of channels unless an admin opts in, because everyone in the channel sees them.
/// </summary>
public sealed record ChannelFields(IReadOnlySet<string> Names)
{
    public static ChannelFields Default { get; } = new(new HashSet<string>(
        [LeadFields.Name, LeadFields.Title, LeadFields.Company, LeadFields.Industry, LeadFields.Size,
         LeadFields.Country, LeadFields.Score, LeadFields.Source, LeadFields.Campaign], StringComparer.OrdinalIgnoreCase));

    /// <summary>Every field; for views only the lead's owner sees.</summary>
    public static ChannelFields All { get; } = new(new HashSet<string>(LeadFields.Known, StringComparer.OrdinalIgnoreCase));

    public bool Shows(string field) => Names.Any(n => string.Equals(n.Trim(), field, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses the comma-separated config value; blank means <see cref="Default"/>, unknown names are ignored.</summary>
    public static ChannelFields Parse(string? csv)
    {
        if (string.IsNullOrWhiteSpace(csv)) return Default;
        var names = csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => LeadFields.Known.Contains(n, StringComparer.OrdinalIgnoreCase));
        return new(new HashSet<string>(names, StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>Field names accepted by <see cref="ChannelFields"/>.</summary>
public static class LeadFields
{
    public const string Name = "name", Title = "title", Company = "company", Industry = "industry", Size = "size",
        Country = "country", Region = "region", Score = "score", Source = "source", Campaign = "campaign",
        Email = "email", Phone = "phone", Domain = "domain";

    public static IReadOnlyList<string> Known { get; } =
        [Name, Title, Company, Industry, Size, Country, Region, Score, Source, Campaign, Email, Phone, Domain];
}

public sealed record AnnouncementView(LeadView Lead, DateTimeOffset Now, ChannelFields Fields, IReadOnlyList<PersonView>? Mentions = null);
public sealed record ClaimedView(LeadView Lead, PersonView Owner, DateTimeOffset ClaimedAt, TimeSpan TimeToClaim, ChannelFields Fields);
public sealed record RejectedView(LeadView Lead, PersonView By, string Reason, string? Comment, DateTimeOffset At, ChannelFields Fields);
public sealed record EscalatedView(LeadView Lead, IReadOnlyList<PersonView> Managers, TimeSpan Waiting, bool Expired, DateTimeOffset Now, ChannelFields Fields);
public sealed record OutcomeView(LeadView Lead, DateTimeOffset Now);
/// <summary>A lead whose person was erased: what every card it was posted as turns into. Carries no personal field by construction.</summary>
public sealed record ErasedView(string LeadId, string TeamName, string State, DateTimeOffset ErasedAt);
public sealed record MyLeadsView(PersonView Rep, IReadOnlyList<LeadView> Leads, DateTimeOffset Now);
public sealed record HelpView(IReadOnlyList<(string Command, string Description)> Commands);
