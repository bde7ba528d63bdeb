using LeadBot.Leads;
using LeadBot.Storage;
using static LeadBot.Storage.Aggregates;

namespace LeadBot.Tests.Storage;

/// <summary>
/// The aggregate half of the store contract, written against <see cref="ILeadStore"/> only: a PostgreSQL store runs
/// the same tests by subclassing with its own <see cref="CreateStore"/>.
/// </summary>
public abstract partial class AggregateContract : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);
    private readonly Lazy<ILeadStore> _store;

    protected AggregateContract() => _store = new Lazy<ILeadStore>(CreateStore);

    protected ILeadStore Store => _store.Value;

    protected abstract ILeadStore CreateStore();

    public virtual void Dispose()
    {
        if (_store.IsValueCreated && _store.Value is IDisposable d) d.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void ConcurrentClaims_OfOneHourTeamSourceAndCampaign_AreEachCountedOnce()
    {
        // Concurrent writers share commits on LiteDB (their counter bumps written once per group) and counter rows on
        // PostgreSQL: neither may lose or repeat a bump.
        Assert.Equal(24, AcceptConcurrently(24));
    }

    /// <summary>Offers <paramref name="count"/> leads of one hour and dimensions, accepts them all at once; the accepted total.</summary>
    protected long AcceptConcurrently(int count) => Accept(count, (leads, claim) => Concurrently.Run(leads.Count, claim));

    /// <summary>The same, one claim after the other.</summary>
    protected long AcceptOneByOne(int count) => Accept(count, (leads, claim) => [.. Enumerable.Range(0, leads.Count).Select(claim)]);

    private long Accept(int count, Func<List<LeadChange>, Func<int, bool>, IReadOnlyList<bool>> run)
    {
        var leads = Enumerable.Range(0, count).Select(i => Make.Offered($"s{i}", T0)).ToList();
        Store.Insert(leads);
        var claimed = run(leads, i => Store.TryUpdate(Make.Step(leads[i].Lead, LeadState.Accepted, T0.AddMinutes(5))));
        Assert.All(claimed, Assert.True);
        return Store.CounterTotals(T0.AddHours(-1), T0.AddHours(1)).Where(t => t.Metric == Metrics.Accepted).Sum(t => t.Value);
    }

    [Fact]
    public void Insert_CountsReceivedQualifiedAndOffered_ForTheLeadsDimensions()
    {
        Store.Insert([Make.Offered("a", T0), Make.Offered("b", T0, campaign: "Ebook"), Make.Nurtured("c", T0)]);

        var totals = Store.CounterTotals(T0.AddHours(-1), T0.AddHours(1));

        Assert.Equal(3, Sum(totals, Metrics.Received));
        Assert.Equal(2, Sum(totals, Metrics.Offered));
        Assert.Equal(1, Sum(totals, Metrics.Offered, campaign: "Ebook"));
        Assert.Equal(1, Sum(Store.CounterTotals(T0.AddHours(-1), T0.AddHours(1), ""), Metrics.Nurture, team: ""));
        Assert.Equal(2, Sum(Store.CounterTotals(T0.AddHours(-1), T0.AddHours(1), "EMEA"), Metrics.Qualified, team: "EMEA"));
    }

    [Fact]
    public void Insert_OfARepeatedKey_CountsNothingTwice()
    {
        Store.Insert([Make.Offered("a", T0)]);
        Store.Insert([Make.Offered("a", T0) with { Lead = Make.Offered("a", T0).Lead with { Id = "L-OTHER" } }]);

        Assert.Equal(1, Sum(Store.CounterTotals(T0.AddHours(-1), T0.AddHours(1)), Metrics.Received));
    }

    [Fact]
    public void Claim_CountsAcceptedAndItsTimeToClaimBucket()
    {
        var offered = Make.Offered("a", T0);
        Store.Insert([offered]);

        Assert.True(Store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(4))));

        var totals = Store.CounterTotals(T0, T0.AddHours(1));
        Assert.Equal(1, Sum(totals, Metrics.Accepted));
        Assert.Equal(1, Sum(totals, Metrics.Claim(ClaimBucket(TimeSpan.FromMinutes(4)))));
        Assert.Equal(1, totals.Where(t => t.Metric.StartsWith(Metrics.ClaimPrefix, StringComparison.Ordinal)).Sum(t => t.Value));
    }

    [Fact]
    public void CounterTotals_ReadBeforeAndAfterAWrite_SeeTheWrite_InEveryGrain()
    {
        var offered = Make.Offered("a", T0);
        Store.Insert([offered]);
        // Ragged hours, whole days and a whole month: each grain is read (and may be kept) before the claim.
        (DateTimeOffset From, DateTimeOffset To)[] ranges =
            [(T0, T0.AddHours(1)), (T0.Date, T0.Date.AddDays(1)), (new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
             (new DateTimeOffset(2026, 10, 31, 22, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero))];
        foreach (var (from, to) in ranges) Assert.Equal(0, Sum(Store.CounterTotals(from, to), Metrics.Accepted));

        Assert.True(Store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(4))));

        foreach (var (from, to) in ranges)
        {
            Assert.Equal(1, Sum(Store.CounterTotals(from, to), Metrics.Accepted));
            Assert.Equal(1, Sum(Store.CounterTotals(from, to, "emea"), Metrics.Offered));
            Assert.Empty(Store.CounterTotals(from, to, "North America"));
        }
    }

    [Fact]
    public void Outcome_SkippingStages_CountsEveryStageItPassed()
    {
        var offered = Make.Offered("a", T0);
        Store.Insert([offered]);
        var accepted = Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(2));
        Assert.True(Store.TryUpdate(accepted));
        Assert.True(Store.TryUpdate(Make.Step(accepted.Lead, LeadState.Won, T0.AddMinutes(30))));

        var totals = Store.CounterTotals(T0, T0.AddHours(1));
        foreach (var stage in new[] { Metrics.Accepted, Metrics.Contacted, Metrics.Meeting, Metrics.Opportunity, Metrics.Won })
            Assert.Equal(1, Sum(totals, stage));
        Assert.Equal(0, Sum(totals, Metrics.Lost));
    }

    [Fact]
    public void TryUpdate_ThatLosesTheRace_CountsNothing()
    {
        var offered = Make.Offered("a", T0);
        Store.Insert([offered]);
        Assert.True(Store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(1))));

        Assert.False(Store.TryUpdate(Make.Step(offered.Lead, LeadState.Rejected, T0.AddMinutes(2), reason: "no-budget", comment: "lost race")));

        var totals = Store.CounterTotals(T0, T0.AddHours(1));
        Assert.Equal(0, Sum(totals, Metrics.Rejected));
        Assert.Empty(Store.LatestComments(new CommentQuery(T0, T0.AddHours(1))));
    }

    [Fact]
    public void Reject_CountsTheReason_AndKeepsTheCommentVerbatim()
    {
        var offered = Make.Offered("a", T0, campaign: "Webinar Q4");
        Store.Insert([offered]);
        const string comment = "Tiny shop <b>5 people</b> — \"not us\"";

        Assert.True(Store.TryUpdate(Make.Step(offered.Lead, LeadState.Rejected, T0.AddMinutes(3), reason: "not-icp:too-small", comment: comment)));

        var totals = Store.CounterTotals(T0, T0.AddHours(1));
        Assert.Equal(1, Sum(totals, Metrics.Rejected));
        Assert.Equal(1, Sum(totals, Metrics.Reason("not-icp:too-small")));
        var c = Assert.Single(Store.LatestComments(new CommentQuery(T0, T0.AddHours(1), Campaign: "webinar q4")));
        Assert.Equal(comment, c.Comment);
        Assert.Equal("not-icp:too-small", c.Reason);
        Assert.Equal("EMEA", c.Team);
        Assert.Equal("Nordwind a", c.LeadLabel);
        Assert.Empty(Store.LatestComments(new CommentQuery(T0, T0.AddHours(1), Source: "marketo")));
    }

    [Fact]
    public void LatestComments_AreNewestFirst_WithinTheRange_UpToMax()
    {
        for (var i = 0; i < 5; i++)
        {
            var offered = Make.Offered($"c{i}", T0);
            Store.Insert([offered]);
            Store.TryUpdate(Make.Step(offered.Lead, LeadState.Rejected, T0.AddHours(i), reason: "other", comment: $"comment {i}"));
        }

        var comments = Store.LatestComments(new CommentQuery(T0, T0.AddHours(4), Max: 2));

        Assert.Equal(["comment 3", "comment 2"], comments.Select(c => c.Comment));
    }

    [Fact]
    public void CounterTotals_SumWholeHoursAcrossDays_AndNothingOutside()
    {
        // One lead an hour for three days, from 00:00 on 29 Nov.
        var start = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        Store.Insert(Enumerable.Range(0, 72).Select(h => Make.Offered($"h{h}", start.AddHours(h).AddMinutes(10))).ToList());

        Assert.Equal(72, Sum(Store.CounterTotals(start, start.AddDays(3)), Metrics.Received));
        // 05:30 on day one to 19:10 on day three: hours 05..19 of day 3 included whole (widened), 05..23 of day one.
        Assert.Equal(19 + 24 + 20, Sum(Store.CounterTotals(start.AddHours(5.5), start.AddDays(2).AddHours(19).AddMinutes(10)), Metrics.Received));
        Assert.Equal(3, Sum(Store.CounterTotals(start.AddHours(30), start.AddHours(33)), Metrics.Received));
        Assert.Equal(0, Sum(Store.CounterTotals(start.AddDays(-3), start), Metrics.Received));
        Assert.Empty(Store.CounterTotals(start.AddDays(5), start.AddDays(6)));
    }

    [Fact]
    public void CounterTotals_ForATeam_LeaveOtherTeamsOut()
    {
        Store.Insert([Make.Offered("a", T0), Make.Offered("b", T0, team: "North America"), Make.Offered("c", T0, team: "North America")]);

        Assert.Equal(2, Sum(Store.CounterTotals(T0, T0.AddHours(1), "north america"), Metrics.Offered));
        Assert.Equal(1, Sum(Store.CounterTotals(T0, T0.AddHours(1), "EMEA"), Metrics.Offered));
    }

    [Fact]
    public void CounterTotals_ForEveryTeam_SumTheTeamsIntoOneRowPerSourceAndCampaign()
    {
        Store.Insert([Make.Offered("a", T0), Make.Offered("b", T0, team: "North America"), Make.Offered("c", T0.AddDays(1), team: "North America"),
            Make.Offered("d", T0, campaign: "Trade fair")]);

        var day = new DateTimeOffset(T0.Date, TimeSpan.Zero);
        foreach (var (from, to) in new[] { (T0, T0.AddHours(1)), (day, day.AddDays(3)) })
        {
            // Twice each: the second read comes from what the first one kept.
            for (var i = 0; i < 2; i++)
            {
                var offered = Store.CounterTotals(from, to).Where(t => t.Metric == Metrics.Offered).OrderBy(t => t.Campaign, StringComparer.Ordinal).ToList();
                Assert.Equal(2, offered.Count);
                Assert.All(offered, t => Assert.Equal("", t.Team));
                Assert.Equal(("Trade fair", 1L), (offered[0].Campaign, offered[0].Value));
                Assert.Equal(("Webinar Q4", from == T0 ? 2L : 3L), (offered[1].Campaign, offered[1].Value));
            }
        }
        // A team's own rows keep its name.
        Assert.All(Store.CounterTotals(T0, T0.AddHours(1), "north america"), t => Assert.Equal("North America", t.Team));
    }

    [Fact]
    public void Append_OfAnEscalation_CountsItForTheLeadsTeam()
    {
        var offered = Make.Offered("a", T0, team: "North America");
        Store.Insert([offered]);

        Store.Append([new LeadEvent { LeadId = offered.Lead.Id, At = T0.AddMinutes(6), Type = "escalated" }]);

        Assert.Equal(1, Sum(Store.CounterTotals(T0, T0.AddHours(1), "North America"), Metrics.Escalated));
    }

    [Fact]
    public void Waiting_ListsOfferedAndExpiredLeads_OldestFirst_ForTheTeam()
    {
        var a = Make.Offered("a", T0.AddMinutes(10));
        var b = Make.Offered("b", T0);
        var other = Make.Offered("c", T0, team: "North America");
        var taken = Make.Offered("d", T0);
        Store.Insert([a, b, other, taken]);
        Store.TryUpdate(Make.Step(taken.Lead, LeadState.Accepted, T0.AddMinutes(20)));
        Store.TryUpdate(Make.Step(a.Lead, LeadState.Expired, T0.AddMinutes(30)));

        Assert.Equal([b.Lead.Id, a.Lead.Id], Store.Waiting("EMEA", 10).Select(l => l.Id));
        Assert.Equal(3, Store.Waiting(null, 10).Count);
        Assert.Single(Store.Waiting(null, 1));
    }

    [Fact]
    public void CountWaiting_CountsAllWaiting_AndThoseOfferedBeforeACutOff()
    {
        var leads = Enumerable.Range(0, 6).Select(i => Make.Offered($"w{i}", T0.AddMinutes(i * 10), team: i < 4 ? "EMEA" : "North America")).ToList();
        Store.Insert(leads);
        Store.TryUpdate(Make.Step(leads[0].Lead, LeadState.Accepted, T0.AddHours(1)));
        Store.TryUpdate(Make.Step(leads[1].Lead, LeadState.Expired, T0.AddHours(1)));

        Assert.Equal(new WaitingCounts(3, 2), Store.CountWaiting("emea", T0.AddMinutes(25)));
        Assert.Equal(new WaitingCounts(5, 2), Store.CountWaiting(null, T0.AddMinutes(25)));
        Assert.Equal(new WaitingCounts(2, 0), Store.CountWaiting("North America", T0));
    }

    [Fact]
    public void CounterTotals_OverMonths_MatchTheSumOfTheirDays()
    {
        var start = new DateTimeOffset(2026, 9, 20, 0, 0, 0, TimeSpan.Zero);
        Store.Insert(Enumerable.Range(0, 100).Select(d => Make.Offered($"d{d}", start.AddDays(d).AddHours(d % 24))).ToList());

        // 22:00 on 30 Sep (midnight in Berlin) to 23:00 on 31 Dec: part of a day, two whole months, most of December.
        var from = new DateTimeOffset(2026, 9, 30, 22, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero);
        var expected = Enumerable.Range(0, 100).Select(d => start.AddDays(d).AddHours(d % 24)).Count(t => t >= from && t < to);

        Assert.Equal(expected, Sum(Store.CounterTotals(from, to), Metrics.Received));
        Assert.Equal(31 + 30, Sum(Store.CounterTotals(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), Metrics.Received));
    }

    [Fact]
    public void CountOpenOwnedBy_CountsOpenLeadsOnly()
    {
        var leads = Enumerable.Range(0, 3).Select(i => Make.Offered($"o{i}", T0)).ToList();
        Store.Insert(leads);
        var accepted = leads.Select(l => Make.Step(l.Lead, LeadState.Accepted, T0.AddMinutes(1))).ToList();
        foreach (var a in accepted) Assert.True(Store.TryUpdate(a));
        Assert.True(Store.TryUpdate(Make.Step(accepted[0].Lead, LeadState.Won, T0.AddMinutes(2))));

        Assert.Equal(2, Store.CountOpenOwnedBy(Make.Rep.ToUpperInvariant()));
    }

    [Fact]
    public void Put_OfAnExistingKey_ReplacesTheDocument()
    {
        Store.Put("test-bag", "k", new Dictionary<string, int> { ["v"] = 1 });
        Store.Put("test-bag", "k", new Dictionary<string, int> { ["v"] = 2 });

        Assert.Equal(2, Store.Get<Dictionary<string, int>>("test-bag", "k")!["v"]);
    }

    protected static long Sum(IEnumerable<CounterTotal> totals, string metric, string? team = null, string? campaign = null) =>
        totals.Where(t => t.Metric == metric && (team is null || t.Team == team) && (campaign is null || t.Campaign == campaign)).Sum(t => t.Value);
}

/// <summary>The aggregate contract on a LiteDB file in a temp folder, opened in the given connection mode.</summary>
public abstract class LiteDbAggregateContract(string connection) : AggregateContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-agg-").FullName;

    protected override ILeadStore CreateStore() => new LiteDbLeadStore($"Filename={Path.Combine(_folder, "store.db")};Connection={connection}");

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

public sealed class LiteDbAggregateContractTests() : LiteDbAggregateContract("shared");

/// <summary>Direct mode, the bot's default, where the store keeps leads it wrote or read in memory.</summary>
public sealed class LiteDbDirectAggregateContractTests() : LiteDbAggregateContract("direct");

/// <summary>The aggregate contract on PostgreSQL (LEADBOT_TEST_POSTGRES), in a fresh schema per test.</summary>
public sealed class PostgresAggregateContractTests : AggregateContract
{
    private readonly TestPostgres.Scratch _schema = TestPostgres.NewSchema();

    protected override ILeadStore CreateStore() => new LeadBot.Storage.Postgres.PostgresLeadStore(_schema.ConnectionString);

    [Fact]
    public void ConcurrentClaims_BumpOneCounterInSeveralSlots()
    {
        Assert.Equal(24, AcceptConcurrently(24));
        // Concurrent changes run on connections of their own, and each connection's server process picks its slot: 24
        // claims of one hour, team, source and campaign spread over several rows instead of queueing for one.
        Assert.True(TestPostgres.Scalar<long>(_schema.ConnectionString,
            "SELECT count(*) FROM counters WHERE grain = 'h' AND metric = 'accepted'") > 1);
    }

    [Fact]
    public void ClaimsOneAfterAnother_KeepToOneCounterRow()
    {
        // One connection at a time (the pool hands the idle one back), so one slot: a quiet bot does not spread every
        // counter over all the slots, which reports would then read.
        Assert.Equal(12, AcceptOneByOne(12));
        Assert.Equal(1, TestPostgres.Scalar<long>(_schema.ConnectionString,
            "SELECT count(*) FROM counters WHERE grain = 'h' AND metric = 'accepted'"));
    }

    public override void Dispose()
    {
        base.Dispose();
        _schema.Dispose();
    }
}

/// <summary>Leads and the changes the domain would write for them, without the domain's services.</summary>
public static class Make
{
    public const string Rep = "anna.schmidt@contoso.com";

    public static LeadChange Offered(string externalId, DateTimeOffset at, string team = "EMEA", string? campaign = "Webinar Q4", string source = "HubSpot")
    {
        var lead = new Lead
        {
            Id = "L" + externalId.ToUpperInvariant() + at.ToUnixTimeMilliseconds(), Source = source, ExternalId = externalId, Campaign = campaign,
            FirstName = "Ingrid", Company = new Company { Name = "Nordwind " + externalId }, ReceivedAt = at, UpdatedAt = at,
            State = LeadState.Offered, Team = team, OfferedAt = at, Version = 0,
        };
        return new LeadChange(lead,
        [
            new LeadEvent { LeadId = lead.Id, At = at, Type = "received" },
            new LeadEvent { LeadId = lead.Id, At = at, Type = "qualified", From = "received" },
            new LeadEvent { LeadId = lead.Id, At = at, Type = "offered", From = "qualified" },
        ]);
    }

    public static LeadChange Nurtured(string externalId, DateTimeOffset at)
    {
        var lead = new Lead
        {
            Id = "L" + externalId.ToUpperInvariant() + at.ToUnixTimeMilliseconds(), Source = "hubspot", ExternalId = externalId,
            ReceivedAt = at, UpdatedAt = at, State = LeadState.Nurture,
        };
        return new LeadChange(lead,
        [
            new LeadEvent { LeadId = lead.Id, At = at, Type = "received" },
            new LeadEvent { LeadId = lead.Id, At = at, Type = "nurture", From = "received" },
        ]);
    }

    public static LeadChange Step(Lead lead, LeadState to, DateTimeOffset at, string? reason = null, string? comment = null)
    {
        var next = lead with { State = to, UpdatedAt = at, Version = lead.Version + 1 };
        if (to == LeadState.Accepted) next = next with { Owner = new LeadOwner(Rep, "Anna Schmidt"), ClaimedAt = at };
        if (to == LeadState.Rejected) next = next with { RejectedBy = [Rep], RejectionReason = reason, RejectionComment = comment };
        return new LeadChange(next, [new LeadEvent { LeadId = lead.Id, At = at, Type = to.Name(), From = lead.State.Name(), Actor = "Anna Schmidt", Reason = reason, Comment = comment }]);
    }
}
