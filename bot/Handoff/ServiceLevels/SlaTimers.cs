using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using LeadBot.Agreement;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using LeadBot.Telemetry;
using LeadBot.Webhooks;
using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.ServiceLevels;

/// <summary>What an escalation or reminder message says, in the outbox payload, for the channels to render.</summary>
public sealed record SlaNotice(string Stage, string Reason, string? Owner = null)
{
    public static SlaNotice? Read(string? payload) => payload is null ? null : JsonSerializer.Deserialize<SlaNotice>(payload, JsonSerializerOptions.Web);

    public string Write() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);
}

/// <summary>
/// The service-level timers. Nothing is scheduled in memory: each run derives every deadline from the leads themselves
/// (offered at, claimed at, team, business hours), so a restart loses nothing. Each timer fires once: its step is a
/// versioned update of the lead (two instances cannot both win), then it is marked in the store; a mark lost to a
/// crash is recovered from the lead's history.
/// </summary>
public sealed class SlaTimers(
    ILeadStore store, Router router, Offers offers, Reassignment reassignment, IOptionsMonitor<SlaOptions> options,
    IOptionsMonitor<TeamServiceLevels> teams, Agreements agreements, WebhookMessages webhooks, OutboxSignal signal, LeadBotMetrics metrics, TimeProvider clock,
    ILogger<SlaTimers> log)
{
    public const string FiredBag = "sla-fired";

    public static class Events
    {
        public const string Escalated = "escalated";
        public const string Reoffered = "reoffered";
        public const string Reminded = "reminded";
        public const string ManagersNotified = "managers-notified";
    }

    private sealed record Fired(string Key, DateTimeOffset At);

    /// <summary>
    /// Leads read at a time: a scan holds one page, however many leads the store has. Each page is one turn of LiteDB's
    /// write gate, which a manager's report waits behind: at 500, asking for the pipeline while the first run read a
    /// 765,575-lead backlog took 72–100 ms (15 ms once it was over); at 100, 29–49 ms, for the same CPU per run (17.5 s
    /// against 19.3 s over two runs) and a lower peak (281 against 300 MB). At 50 the asks were faster still, but the first
    /// minute on that backlog cost 23.3 s of CPU against 16.9 s and peaked at 305 MB. docs/benchmarks.md, the #22 sections
    /// of 2026-12-07 04:53–06:50 and 07:12–08:30.
    /// </summary>
    internal const int Page = 100;

    /// <summary>
    /// Accepted leads whose reminder and managers' notice have both fired, with the version they had then: nothing can
    /// fire for them until they change (which changes the version), so a run passes them over without reading them.
    /// Each run keeps only the leads it met, so the map never outgrows the accepted leads. Lost on restart: the first
    /// run reads every accepted lead once to learn it again.
    /// </summary>
    private Dictionary<string, int> _settled = [];

    /// <summary>
    /// Waiting leads (offered, expired) found with nothing due before a moment, with the version they had: passed over
    /// without being read until that moment or until they change. After a weekend or a big import most leads wait, and
    /// reading every one of them each run took the store from everything else (reports, clicks). The moments come from
    /// the service levels, business hours, routing and agreement in force (<see cref="QuietInputs"/>): when any of them
    /// changes the map is dropped, so a changed service level applies at the next run. Besides, no lead stays quiet longer
    /// than <see cref="QuietAtMost"/>: reading 765,000 waiting leads takes ~20 s, which every 5 minutes (the cap before)
    /// kept a core a tenth busy. One map, updated in place and swept of the leads a run did not meet (a second map built
    /// beside it each run held another ~70 MB), keyed by a 64-bit hash of the lead's id rather than the id, which took more
    /// room than the rest of the entry: two waiting leads with the same hash and the same version (about one chance in
    /// 10^7 with a million waiting) would at worst see one of them passed over until the other's quiet time ends, never
    /// longer than <see cref="QuietAtMost"/>.
    /// </summary>
    private readonly Dictionary<ulong, Quiet> _quiet = [];

    private static ulong KeyOf(string leadId) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(leadId.AsSpan()));

    /// <summary>16 bytes: with 765,000 waiting leads every byte here is 0.75 MB.</summary>
    private record struct Quiet(int Version, int Run, long UntilTicks);

    /// <summary>Counts runs, so that a run can tell the quiet leads it met from those it did not.</summary>
    private int _run;

    /// <summary>What the quiet leads' moments were worked out from, as of the last run.</summary>
    private object? _quietInputs;

    internal static readonly TimeSpan QuietAtMost = TimeSpan.FromHours(1);

    /// <summary>Options instances stay the same until their configuration reloads; agreement versions never change.</summary>
    private object QuietInputs() => (options.CurrentValue, teams.CurrentValue, router.Teams, agreements.Current.Version);

    /// <summary>Waiting leads the last run left quiet (for tests).</summary>
    internal int QuietLeads => _quiet.Count;

    /// <summary>Fires every timer that is due now; returns how many fired.</summary>
    public int Run()
    {
        var now = clock.GetUtcNow();
        var fired = 0;
        var settled = _settled;
        var stillSettled = new Dictionary<string, int>();
        var run = ++_run;
        if (QuietInputs() is var inputs && !Equals(inputs, _quietInputs))
        {
            _quiet.Clear();
            _quietInputs = inputs;
        }
        // The first run (or the first after nothing waited) makes room for every waiting lead at once: growing by doubling
        // would hold the old and the new table together and leave up to twice the room. Later runs have the room already,
        // and PostgreSQL counts waiting leads row by row, so they do not ask.
        if (_quiet.Count == 0) _quiet.EnsureCapacity(store.CountWaiting(null, now).Total);
        bool Quiet(string id, int version)
        {
            ref var q = ref CollectionsMarshal.GetValueRefOrNullRef(_quiet, KeyOf(id));
            if (Unsafe.IsNullRef(ref q) || q.Version != version || now.UtcTicks >= q.UntilTicks) return false;
            q.Run = run;
            return true;
        }
        fired += Scan(LeadState.Offered, lead => Waiting(lead, now, run), Quiet);
        fired += Scan(LeadState.Expired, lead => Waiting(lead, now, run), Quiet);
        // Leads that left the waiting states, fired, or changed and were found due: no longer quiet.
        foreach (var (id, q) in _quiet)
            if (q.Run != run) _quiet.Remove(id);
        if (_quiet.Count < _quiet.EnsureCapacity(0) / 4) _quiet.TrimExcess(); // the backlog is gone: so is its room
        fired += Scan(LeadState.Accepted, lead => Untouched(lead, now, stillSettled), (id, version) =>
        {
            if (!settled.TryGetValue(id, out var v) || v != version) return false;
            stillSettled[id] = v;
            return true;
        });
        // Rejected is a moment, not a place to stay: each run applies Handoff:AfterReject (the state change makes it once).
        fired += Scan(LeadState.Rejected, lead => store.TryUpdate(webhooks.With(reassignment.AfterReject(lead, now))));
        _settled = stillSettled;
        if (fired > 0) signal.Poke();
        return fired;
    }

    private int Scan(LeadState state, Func<Lead, bool> check, Func<string, int, bool>? skip = null)
    {
        var fired = 0;
        string? after = null;
        do
        {
            var page = store.ScanLeads(state, after, Page, skip);
            foreach (var lead in page.Leads) fired += Guarded(lead, () => check(lead));
            after = page.Next;
        } while (after is not null);
        return fired;
    }

    private int Guarded(Lead lead, Func<bool> check)
    {
        if (lead.ErasedAt is not null) return 0; // frozen: no escalation, re-offer or reminder about an erased person
        try { return check() ? 1 : 0; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "Service-level check of lead {Lead} failed; it is checked again on the next run", lead.Id);
            return 0;
        }
    }

    /// <summary>The team's service levels, with the two sales committed to in the agreement (bot/Agreement) in place of configuration's.</summary>
    private TeamSla SlaOf(SalesTeamOptions team)
    {
        var sla = TeamSla.For(team, options.CurrentValue, teams.CurrentValue);
        return agreements.Current.Team(team.Name) is { } agreed
            ? sla with { ClaimWithin = agreed.ClaimWithin, FirstTouchWithin = agreed.FirstTouchWithin }
            : sla;
    }

    private bool Waiting(Lead lead, DateTimeOffset now, int run)
    {
        if (router.Team(lead.Team) is not { } team || lead.OfferedAt is not { } offeredAt) return false;
        var sla = SlaOf(team);
        var (fired, next) = lead.OfferedTo is not null ? OfferedToRep(lead, team, sla, offeredAt, now) : OfferedToTeam(lead, team, sla, offeredAt, now);
        // A timer that is past and did not fire now never will at this version (it is marked); the next one is "next".
        if (!fired) _quiet[KeyOf(lead.Id)] = new Quiet(lead.Version, run, (next < now + QuietAtMost ? next : now + QuietAtMost).UtcTicks);
        return fired;
    }

    /// <returns>Whether a timer fired, and the next moment one could.</returns>
    private (bool Fired, DateTimeOffset Next) OfferedToRep(Lead lead, SalesTeamOptions team, TeamSla sla, DateTimeOffset offeredAt, DateTimeOffset now)
    {
        var repDue = sla.Clock.Add(offeredAt, sla.ClaimWithin);
        // The team's clock started no earlier than the lead arrived: skip reading its history until it could be due.
        var teamDueAtTheEarliest = sla.Clock.Add(lead.ReceivedAt, sla.ReassignAfter);
        if (now < repDue && now < teamDueAtTheEarliest) return (false, Earlier(repDue, teamDueAtTheEarliest));
        var teamSince = TeamSince(lead);
        var teamDue = sla.Clock.Add(teamSince, sla.ReassignAfter);
        if (now >= teamDue)
            return (Fire(lead, $"{lead.Id}|team-timeout|{teamSince.UtcTicks}", Events.Escalated, teamSince, now, () => ToTeamChannel(lead, team, sla, now)), DateTimeOffset.MaxValue);
        if (now >= repDue)
            return (Fire(lead, $"{lead.Id}|reoffer|{offeredAt.UtcTicks}", Events.Reoffered, offeredAt, now, () => ToNextRep(lead, team, sla, now)), teamDue);
        return (false, Earlier(repDue, teamDue));
    }

    private (bool Fired, DateTimeOffset Next) OfferedToTeam(Lead lead, SalesTeamOptions team, TeamSla sla, DateTimeOffset offeredAt, DateTimeOffset now)
    {
        var reassignDue = sla.Clock.Add(offeredAt, sla.ReassignAfter);
        if (now >= reassignDue)
            return (Fire(lead, $"{lead.Id}|reassign|{offeredAt.UtcTicks}", Reassignment.Reassigned, offeredAt, now,
                () => Bump(reassignment.ToFallback(lead, now, $"not accepted within {Words(sla.ReassignAfter)}", LeadEvent.Channels.System), lead, now)), DateTimeOffset.MaxValue);
        var escalateDue = sla.Clock.Add(offeredAt, sla.ClaimWithin);
        if (lead.State != LeadState.Offered) return (false, reassignDue);
        if (now >= escalateDue)
            return (Fire(lead, $"{lead.Id}|escalate|{offeredAt.UtcTicks}", Events.Escalated, offeredAt, now, () => Escalate(lead, team, sla, now)), reassignDue);
        return (false, Earlier(escalateDue, reassignDue));
    }

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private bool Untouched(Lead lead, DateTimeOffset now, Dictionary<string, int> settled)
    {
        if (lead.ClaimedAt is not { } claimedAt || lead.Owner is not { } owner || router.Team(lead.Team) is not { } team) return false;
        var sla = SlaOf(team);
        var remindAt = sla.Clock.Add(claimedAt, sla.FirstTouchWithin);
        if (now < remindAt) return false;
        var remindKey = $"{lead.Id}|remind|{claimedAt.UtcTicks}";
        var managersKey = $"{lead.Id}|managers|{claimedAt.UtcTicks}";
        if (Fire(lead, remindKey, Events.Reminded, claimedAt, now,
                () => Notify(lead, now, Events.Reminded, Audiences.Rep(owner.Email), $"reminder:{lead.Id}:{claimedAt.UtcTicks}",
                    new SlaNotice("first-touch", $"No outcome recorded within {Words(sla.FirstTouchWithin)} of accepting {lead.DisplayName}.", owner.Email))))
            return true;
        if (now < sla.Clock.Add(remindAt, sla.ManagersAfter)) return false;
        if (Fire(lead, managersKey, Events.ManagersNotified, claimedAt, now,
            () => Notify(lead, now, Events.ManagersNotified, Audiences.Managers(team.Name), $"reminder:{lead.Id}:managers:{claimedAt.UtcTicks}",
                new SlaNotice("first-touch-overdue",
                    $"{owner.DisplayName} accepted {lead.DisplayName} and has recorded no outcome within {Words(sla.FirstTouchWithin + sla.ManagersAfter)}, even after a reminder.",
                    owner.Email))))
            return true;
        // Both timers of this claim have fired, whatever the options say now; a new claim is a new version.
        if (IsMarked(remindKey) && IsMarked(managersKey)) settled[lead.Id] = lead.Version;
        return false;
    }

    private bool IsMarked(string key) => store.Get<Fired>(FiredBag, key) is not null;

    /// <summary>Fires a timer unless it already fired. The step is decided on the lead as read; if the lead changed meanwhile, the next run decides again.</summary>
    private bool Fire(Lead lead, string key, string eventType, DateTimeOffset since, DateTimeOffset now, Func<LeadChange?> decide)
    {
        if (IsMarked(key)) return false;
        // Fired, but the process died before marking it: the history tells. Events of this round come after its start.
        if (store.History(lead.Id).Any(e => e.Type == eventType && e.At > since))
        {
            store.Put(FiredBag, key, new Fired(key, now));
            return false;
        }
        var change = decide() is { } decided ? webhooks.With(decided) : null;
        if (change is not null && !store.TryUpdate(change)) return false;
        store.Put(FiredBag, key, new Fired(key, now));
        if (change is not null) log.LogInformation("Lead {Lead}: {Step} ({Reason})", lead.Id, change.Events[0].Type, change.Events[0].Reason);
        if (change is not null && eventType == Events.Escalated) metrics.Escalated(lead.Team);
        return change is not null;
    }

    private static LeadChange Escalate(Lead lead, SalesTeamOptions team, TeamSla sla, DateTimeOffset now)
    {
        var reason = $"not accepted within {Words(sla.ClaimWithin)}";
        var ev = Event(lead, Events.Escalated, now, reason, Managers(team));
        return new LeadChange(lead with { State = LeadState.Expired, Version = lead.Version + 1, UpdatedAt = now }, [ev],
            [Escalation(lead, team, now, reason), CardUpdates.For(lead, now)]);
    }

    /// <summary>Round-robin: nobody took it within the team's time, so the whole team sees it, with its managers mentioned.</summary>
    private static LeadChange ToTeamChannel(Lead lead, SalesTeamOptions team, TeamSla sla, DateTimeOffset now)
    {
        var reason = $"no rep accepted it within {Words(sla.ReassignAfter)}; offered to the whole {team.Name} team";
        var ev = Event(lead, Events.Escalated, now, reason, Managers(team));
        var next = lead with { State = LeadState.Expired, OfferedTo = null, OfferedAt = now, Version = lead.Version + 1, UpdatedAt = now };
        return new LeadChange(next, [ev], [Escalation(lead, team, now, reason), CardUpdates.For(lead, now)]);
    }

    private LeadChange? ToNextRep(Lead lead, SalesTeamOptions team, TeamSla sla, DateTimeOffset now)
    {
        // Nobody else free: the current rep keeps it until the team's time runs out.
        if (offers.NextRep(team, lead) is not { } rep) return null;
        var (offered, ev, message) = offers.OfferTo(lead, team, rep, now, $"{lead.OfferedTo} did not accept within {Words(sla.ClaimWithin)}", LeadEvent.Channels.System);
        return new LeadChange(offered with { Version = lead.Version + 1, UpdatedAt = now }, [ev with { Type = Events.Reoffered }],
            [message, CardUpdates.For(lead, now)]);
    }

    private static LeadChange Notify(Lead lead, DateTimeOffset now, string type, string audience, string id, SlaNotice notice) =>
        new(lead with { Version = lead.Version + 1 }, [Event(lead, type, now, notice.Reason, [$"told {audience}"])],
            [new OutboxMessage { Id = id, Kind = OutboxMessage.Kinds.Reminder, LeadId = lead.Id, Audience = audience, Payload = notice.Write(), CreatedAt = now, DueAt = now }]);

    private static LeadChange? Bump(LeadChange? change, Lead lead, DateTimeOffset now) =>
        change is null ? null : change with { Lead = change.Lead with { Version = lead.Version + 1, UpdatedAt = now } };

    /// <summary>When the lead was offered to its current team: the last "offered" event (re-offers to the next rep do not restart it).</summary>
    private DateTimeOffset TeamSince(Lead lead) =>
        store.History(lead.Id).Where(e => e.Type == LeadState.Offered.Name()).Select(e => e.At).DefaultIfEmpty(lead.OfferedAt ?? lead.ReceivedAt).Max();

    private static OutboxMessage Escalation(Lead lead, SalesTeamOptions team, DateTimeOffset now, string reason) => new()
    {
        Id = $"{OutboxMessage.Kinds.Escalate}:{lead.Id}:{team.Name}:{now.UtcTicks}", Kind = OutboxMessage.Kinds.Escalate, LeadId = lead.Id,
        Audience = Audiences.Team(team.Name), Payload = new SlaNotice("claim", reason).Write(), CreatedAt = now, DueAt = now,
    };

    private static List<string> Managers(SalesTeamOptions team) =>
        team.Managers.Count == 0 ? ["the team has no managers configured"] : [$"managers: {string.Join(", ", team.Managers.Select(m => m.Name ?? m.Email))}"];

    private static LeadEvent Event(Lead lead, string type, DateTimeOffset now, string reason, IReadOnlyList<string>? details) =>
        new() { LeadId = lead.Id, At = now, Type = type, From = lead.State.Name(), Reason = reason, Details = details };

    /// <summary>"5 min", "1 business day", "2 business days 4 h": service levels are business time.</summary>
    public static string Words(TimeSpan span)
    {
        var days = span.Days;
        var rest = span - TimeSpan.FromDays(days);
        var d = days == 0 ? "" : days == 1 ? "1 business day" : $"{days} business days";
        return rest == TimeSpan.Zero ? d : (d.Length == 0 ? "" : d + " ") + Durations.Words(rest) + " of business time";
    }
}
