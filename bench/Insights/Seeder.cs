using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Bench.Insights;

/// <summary>
/// A year of leads written straight through the store's batch Insert, each in its final state with the events the
/// domain would have written on the way, so the aggregates are built exactly as in production. Deterministic (seeded).
/// </summary>
internal static class Seeder
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Teams = ["Enterprise", "EMEA", "North America", "Inside Sales"];
    private static readonly (string Email, string Name)[][] Reps =
    [
        [("erin.enterprise@contoso.com", "Erin Walsh"), ("omar.enterprise@contoso.com", "Omar Haddad")],
        [("anna.schmidt@contoso.com", "Anna Schmidt"), ("luca.rossi@contoso.com", "Luca Rossi")],
        [("jamie.lee@contoso.com", "Jamie Lee"), ("sam.patel@contoso.com", "Sam Patel"), ("alex.morgan@contoso.com", "Alex Morgan")],
        [("kai.tanaka@contoso.com", "Kai Tanaka"), ("noor.ali@contoso.com", "Noor Ali")],
    ];
    private static readonly (string Source, string[] Campaigns)[] Sources =
    [
        ("hubspot", ["Webinar Q4", "Webinar Q3", "Newsletter", "Pricing page"]),
        ("marketo", ["Healthcare Ebook", "Logistics Report", "Trade Fair"]),
        ("linkedin", ["ABM Germany", "ABM Nordics", "Lead Gen Form"]),
        ("partner", ["Reseller Referral"]),
        ("website", ["Contact form", "Demo request"]),
    ];
    private static readonly string[] Reasons = ["no-budget", "not-icp:too-small", "unable-to-reach", "bad-timing", "no-need", "duplicate-or-customer", "other"];

    /// <summary>Where the backlog seed's import starts (Friday 27 Nov 2026 18:00 UTC) and the share of leads it brings.</summary>
    public static readonly DateTimeOffset ImportFrom = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);
    public const double Imported = 0.9;

    public static void Seed(ILeadStore store, int count, int batch = 2000)
    {
        var random = new Random(7);
        var span = TimeSpan.FromDays(365).Ticks;
        for (var start = 0; start < count; start += batch)
        {
            var changes = new List<LeadChange>(batch);
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                // Leads arrive in time order, as they would; the last few dozen are still waiting right now.
                var at = Now - TimeSpan.FromTicks(span - span / count * i) - TimeSpan.FromMinutes(5);
                changes.Add(Lead(random, i, count - i <= 40 ? Now - TimeSpan.FromMinutes(count - i) : at));
            }
            store.Insert(changes);
        }
    }

    /// <summary>
    /// A backlog: the first tenth of the leads is a year of ordinary history (as <see cref="Seed"/> makes it, up to
    /// Friday evening); the other nine tenths came in over the weekend, from Friday 18:00 UTC to Monday 11:30, as a big
    /// import would (a trade fair's scanned badges, a purchased list, a CRM migration): qualified and offered to their
    /// team like any lead (15 % go to nurture), and nobody has claimed one yet. So about three quarters of the store
    /// is waiting at <see cref="Now"/>.
    /// </summary>
    public static void SeedBacklog(ILeadStore store, int count, int batch = 2000)
    {
        var random = new Random(7);
        var history = (int)(count * (1 - Imported));
        var span = (ImportFrom - (Now - TimeSpan.FromDays(365))).Ticks;
        var weekend = (Now - TimeSpan.FromMinutes(30) - ImportFrom).Ticks;
        for (var start = 0; start < count; start += batch)
        {
            var changes = new List<LeadChange>(batch);
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                changes.Add(i < history
                    ? Lead(random, i, ImportFrom - TimeSpan.FromTicks(span - span / history * i))
                    : Lead(random, i, ImportFrom + TimeSpan.FromTicks(weekend / (count - history) * (i - history)), waiting: true));
            }
            store.Insert(changes);
        }
    }

    /// <param name="waiting">Offered and left unclaimed, whenever it arrived.</param>
    private static LeadChange Lead(Random r, int i, DateTimeOffset at, bool waiting = false)
    {
        var (source, campaigns) = Sources[r.Next(Sources.Length)];
        var t = r.Next(Teams.Length);
        var id = $"L{i:D10}";
        var lead = new Lead
        {
            Id = id, Source = source, ExternalId = $"x{i}", Campaign = campaigns[r.Next(campaigns.Length)], Email = $"lead{i}@example.com",
            FirstName = "Lead", LastName = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Score = 60 + r.Next(40),
            Company = new Company { Name = $"Company {i % 50_000}", Industry = "Logistics", Employees = 50 + r.Next(5000), Region = "EMEA" },
            ReceivedAt = at, UpdatedAt = at, Version = 0,
        };
        var events = new List<LeadEvent> { Ev(id, at, "received", null) };
        if (r.NextDouble() < 0.15)
        {
            events.Add(Ev(id, at, "nurture", "received"));
            return new LeadChange(lead with { State = LeadState.Nurture }, events);
        }
        events.Add(Ev(id, at, "qualified", "received"));
        events.Add(Ev(id, at, "offered", "qualified"));
        lead = lead with { State = LeadState.Offered, Team = Teams[t], OfferedAt = at };
        if (waiting || Now - at < TimeSpan.FromHours(1)) return new LeadChange(lead, events);

        var roll = r.NextDouble();
        var when = at + TimeSpan.FromSeconds(30 + r.Next(3 * 3600) * r.NextDouble());
        if (roll < 0.2)
        {
            var reason = Reasons[r.Next(Reasons.Length)];
            var comment = reason == "other" || r.NextDouble() < 0.3 ? $"Rejected because of reason {reason}, see call notes {i}" : null;
            var rep = Reps[t][r.Next(Reps[t].Length)];
            events.Add(Ev(id, when, "rejected", "offered") with { Actor = rep.Name, Reason = reason, Comment = comment });
            // As the handoff engine leaves them: rejected is a moment; the lead goes back to marketing's nurture.
            events.Add(Ev(id, when, "nurture", "rejected"));
            return new LeadChange(lead with { State = LeadState.Nurture, RejectedBy = [rep.Email], RejectionReason = reason, RejectionComment = comment, UpdatedAt = when }, events);
        }
        if (roll < 0.23)
        {
            // Not taken in time: expired, then reassigned to the fallback team, which takes it.
            events.Add(Ev(id, at + TimeSpan.FromMinutes(30), "expired", "offered"));
            events.Add(Ev(id, at + TimeSpan.FromMinutes(30), "offered", "expired"));
            t = Teams.Length - 1;
            when = at + TimeSpan.FromMinutes(40);
            lead = lead with { Team = Teams[t], OfferedAt = at + TimeSpan.FromMinutes(30) };
        }
        var owner = Reps[t][r.Next(Reps[t].Length)];
        events.Add(Ev(id, when, "accepted", "offered") with { Actor = owner.Name });
        lead = lead with { State = LeadState.Accepted, Owner = new LeadOwner(owner.Email, owner.Name), ClaimedAt = when, UpdatedAt = when };
        // Most leads older than a month have an outcome; recent ones are still being worked.
        if (Now - at < TimeSpan.FromDays(30) && r.NextDouble() < 0.7) return new LeadChange(lead, events);
        LeadState[] outcomes = [LeadState.Contacted, LeadState.Meeting, LeadState.Opportunity, LeadState.Won, LeadState.Lost, LeadState.Disqualified];
        var outcome = outcomes[r.Next(outcomes.Length)];
        var then = when + TimeSpan.FromDays(1 + r.Next(20));
        if (then > Now) return new LeadChange(lead, events); // nothing is recorded in the future
        events.Add(Ev(id, then, outcome.Name(), "accepted") with { Actor = owner.Name, Comment = outcome == LeadState.Lost ? "Went with a competitor" : null });
        return new LeadChange(lead with { State = outcome, UpdatedAt = then }, events);
    }

    private static LeadEvent Ev(string id, DateTimeOffset at, string type, string? from) =>
        new() { LeadId = id, At = at, Type = type, From = from, Channel = LeadEvent.Channels.Api };
}
