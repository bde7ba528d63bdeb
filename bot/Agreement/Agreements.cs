using LeadBot.Qualification;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Agreement;

/// <summary>
/// The agreement in force and its history. Version 1 is seeded from configuration the first time anything asks;
/// later versions only come from approved proposals (<see cref="TryAdd"/>). Every lead is qualified against
/// <see cref="Current"/>, which is kept in memory and re-read now and then, so another instance's change arrives
/// within <see cref="RefreshEvery"/> and this instance's own at once.
/// </summary>
public sealed class Agreements(
    ILeadStore store, IAtomicDocuments documents, IOptionsMonitor<QualificationOptions> qualification,
    IOptionsMonitor<RoutingOptions> routing, IOptionsMonitor<AgreementOptions> options, IConfiguration configuration,
    TimeProvider clock)
{
    public const string VersionsBag = "agreement";
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private sealed record Cached(AgreementVersion Version, DateTimeOffset ReadAt);
    private Cached? _cached;

    public static string KeyOf(int version) => "v" + version.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public AgreementVersion Current
    {
        get
        {
            var now = clock.GetUtcNow();
            if (_cached is { } c && now - c.ReadAt < RefreshEvery && now >= c.ReadAt) return c.Version;
            var latest = Latest() ?? Seed(now);
            _cached = new Cached(latest, now);
            return latest;
        }
    }

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<AgreementVersion> History()
    {
        var all = store.List<AgreementVersion>(VersionsBag).OrderBy(v => v.Version).ToList();
        return all.Count > 0 ? all : [Current];
    }

    public AgreementVersion? Find(int version) => store.Get<AgreementVersion>(VersionsBag, KeyOf(version));

    /// <summary>
    /// Writes <paramref name="next"/> (whose number must be the current one + 1) with the other documents and messages in
    /// one transaction. False when that number is taken: another change came first, so re-read and decide again.
    /// </summary>
    public bool TryAdd(AgreementVersion next, IReadOnlyList<NewDocument> with, IReadOnlyList<OutboxMessage>? outbox = null)
    {
        if (!documents.TryAddAll([new NewDocument(VersionsBag, KeyOf(next.Version), next), .. with], outbox))
        {
            _cached = null;
            return false;
        }
        _cached = new Cached(next, clock.GetUtcNow());
        return true;
    }

    /// <summary>Forgets the copy in memory: the next read asks the store.</summary>
    public void Refresh() => _cached = null;

    /// <summary>What configuration says today, as terms; version 1 was made from this, later versions may differ.</summary>
    public AgreementVersion FromConfiguration(DateTimeOffset now) => new()
    {
        Version = 1, Rules = qualification.CurrentValue.ToRules(), Teams = ConfiguredTeams(), ApprovedAt = now,
        Change = "seeded from configuration (Qualification, Sla, Agreement:LeadsPerMonth)",
    };

    /// <summary>Where configuration and the agreement in force differ, in words an admin understands; empty when they agree.</summary>
    public IReadOnlyList<string> Drift()
    {
        var current = Current;
        var configured = FromConfiguration(clock.GetUtcNow());
        var drift = new List<string>();
        if (!configured.Rules.SameAs(current.Rules)) drift.Add($"Qualification differs from the criteria of {current.Label}");
        foreach (var team in configured.Teams)
        {
            var agreed = current.Team(team.Team);
            if (agreed is null) drift.Add($"team {team.Team} is not in {current.Label}");
            else if (agreed != team with { Team = agreed.Team }) drift.Add($"the service levels or LeadsPerMonth of {team.Team} differ from {current.Label}");
        }
        return drift;
    }

    private AgreementVersion? Latest()
    {
        var versions = store.List<AgreementVersion>(VersionsBag);
        return versions.Count == 0 ? null : versions.MaxBy(v => v.Version);
    }

    private AgreementVersion Seed(DateTimeOffset now)
    {
        // A bot started before any team is configured answers intake 503: seeding then would freeze the empty defaults
        // as the agreement, and the configuration the admin writes next would only be reported as drift.
        if (routing.CurrentValue.Teams.Count == 0) return FromConfiguration(now);
        // Two instances starting together both try; the store keeps the first, and both read it back.
        documents.TryAddAll([new NewDocument(VersionsBag, KeyOf(1), FromConfiguration(now))]);
        return Latest() ?? throw new InvalidOperationException("The agreement's version 1 could not be read back after seeding it.");
    }

    // Sla is read from configuration as the service-level engine reads it (Sla, overridden per team by Routing:Teams:N:Sla),
    // with the engine's defaults; binding SlaOptions here would make the agreement depend on the handoff it feeds.
    private IReadOnlyList<TeamCommitment> ConfiguredTeams()
    {
        var claim = configuration.GetValue<TimeSpan?>("Sla:ClaimWithin") ?? TimeSpan.FromMinutes(5);
        var firstTouch = configuration.GetValue<TimeSpan?>("Sla:FirstTouchWithin") ?? TimeSpan.FromDays(1);
        var perMonth = options.CurrentValue.LeadsPerMonth;
        TimeSpan? Own(int team, string key) => configuration.GetValue<TimeSpan?>($"{RoutingOptions.Section}:Teams:{team}:Sla:{key}");
        return routing.CurrentValue.Teams.Select((t, i) => new TeamCommitment(
            t.Name, Own(i, "ClaimWithin") ?? claim, Own(i, "FirstTouchWithin") ?? firstTouch,
            perMonth.TryGetValue(t.Name, out var n) ? n : null)).ToList();
    }
}
