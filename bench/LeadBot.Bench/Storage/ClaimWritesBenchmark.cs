using System.Diagnostics;
using System.Globalization;
using LiteDB;
using Microsoft.Data.Sqlite;

namespace LeadBot.Bench.Storage;

/// <summary>
/// A claim's writes on two embedded engines, to say what bounds an accept once the protocol code is cheap: the LiteDB
/// calls the store makes for one claim (read the lead, update it with its indexed fields moving, insert the step, insert
/// two outbox messages with their lanes), on a file shaped like the store's (layout 11: the same indexes, documents of
/// the bot's size), beside the same rows and indexes in SQLite (WAL, synchronous=NORMAL: like LiteDB's direct mode, a
/// commit survives the process, not the machine). Both on one thread, in transactions of one group's size, commit
/// included; time and bytes allocated per claim, the median of the rounds. Neither side runs the bot's JSON, gauges or
/// counters: this is the engine's floor under a claim, not the claim.
/// </summary>
public static class ClaimWritesBenchmark
{
    public static Task RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var (leads, group, rounds) = (Arg(0, 20_000), Arg(1, 32), Arg(2, 15));
        Console.WriteLine($"claim-writes: {leads:N0} waiting leads (each with its intake step and a sent announcement), transactions of {group} claims, " +
                          $"median of {rounds} rounds after one warm-up; {Environment.ProcessorCount} cores");
        var dir = Directory.CreateTempSubdirectory("leadbot-claim-writes");
        var engines = new IClaimWriter[] { new LiteDbClaims(Path.Combine(dir.FullName, "claims.db")), new SqliteClaims(Path.Combine(dir.FullName, "claims.sqlite")) };
        try
        {
            foreach (var engine in engines) engine.Seed(leads);
            // Every round claims leads no round claimed before, alternating the engines so that both see the machine alike.
            var order = Enumerable.Range(0, leads).OrderBy(_ => Random.Shared.Next()).ToArray();
            var results = engines.ToDictionary(e => e.Name, _ => new List<(double Micros, double Bytes)>());
            for (var round = 0; round <= rounds; round++)
            {
                var claims = order.Skip(round * group).Take(group).Select(Lead).ToList();
                if (claims.Count < group) throw new InvalidOperationException($"{leads} leads are too few for {rounds + 1} rounds of {group}");
                foreach (var engine in round % 2 == 0 ? engines : engines.Reverse())
                {
                    var bytes = GC.GetAllocatedBytesForCurrentThread();
                    var sw = Stopwatch.StartNew();
                    engine.Claim(claims, round);
                    var micros = sw.Elapsed.TotalMicroseconds / group;
                    bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
                    if (round > 0) results[engine.Name].Add((micros, (double)bytes / group)); // round 0 warms the JIT and the caches
                }
            }
            foreach (var engine in engines)
            {
                engine.Check(order.Take((rounds + 1) * group).Select(Lead).ToList());
                var list = results[engine.Name];
                var micros = list.Select(r => r.Micros).Order().ToList();
                var bytes = list.Select(r => r.Bytes).Order().ElementAt(list.Count / 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {engine.Name,-8} {micros[list.Count / 2],8:N1} µs per claim (rounds {micros[0]:N1}–{micros[^1]:N1})  {bytes / 1024,7:N1} KB allocated per claim"));
            }
        }
        finally
        {
            foreach (var engine in engines) engine.Dispose();
            dir.Delete(recursive: true);
        }
        return Task.CompletedTask;
    }

    private static string Lead(int i) => $"L0M8JP{i:D9}";

    private static string Owner(int round) => $"rep{round % 64:D2}@contoso.example";

    private static string Lane(string audience, long ticks) => audience + "|" + ticks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Payloads of the bot's size: a lead's JSON, a step's events, a message's JSON.</summary>
    private static readonly string LeadJson = new('l', 1_500), StepJson = new('s', 400), MessageJson = new('m', 600);

    private interface IClaimWriter : IDisposable
    {
        string Name { get; }

        void Seed(int leads);

        /// <summary>Claims every lead of <paramref name="ids"/> in one transaction.</summary>
        void Claim(IReadOnlyList<string> ids, int round);

        /// <summary>Throws unless every claimed lead is accepted, with its step and both messages.</summary>
        void Check(IReadOnlyList<string> ids);
    }

    private sealed class LiteDbClaims(string file) : IClaimWriter
    {
        private readonly LiteDatabase _db = new($"Filename={file};Connection=direct");

        public string Name => "LiteDB";

        private ILiteCollection<BsonDocument> Leads => _db.GetCollection("leads");

        private ILiteCollection<BsonDocument> Steps => _db.GetCollection("steps");

        private ILiteCollection<BsonDocument> Outbox => _db.GetCollection("outbox");

        public void Seed(int leads)
        {
            _db.CheckpointSize = 2_500; // as the store sets it
            Leads.EnsureIndex("key", unique: true);
            Leads.EnsureIndex("receivedAt");
            Leads.EnsureIndex("stateId", "$.state + '|' + $._id");
            Leads.EnsureIndex("openOwner", "FILTER([$.openOwner] => @ != null)");
            Leads.EnsureIndex("waitingKey", "FILTER([$.waitingKey] => @ != null)");
            Outbox.EnsureIndex("failed", "FILTER([$.status] => @ = 'Failed')");
            Outbox.EnsureIndex("lane", "FILTER([$.lane] => @ != null)");
            var at = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
            _db.BeginTrans();
            Leads.InsertBulk(Enumerable.Range(0, leads).Select(i => LeadDoc(Lead(i), "offered", null, at.AddSeconds(i))));
            Steps.InsertBulk(Enumerable.Range(0, leads).Select(i => StepDoc(Lead(i), at.AddSeconds(i))));
            Outbox.InsertBulk(Enumerable.Range(0, leads).Select(i => MessageDoc($"announce:{Lead(i)}", "posted-in:emea", sent: true, at.AddSeconds(i))));
            _db.Commit();
        }

        public void Claim(IReadOnlyList<string> ids, int round)
        {
            var now = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc).AddSeconds(round);
            _db.BeginTrans();
            // The group reads its leads in one query, as the store's read-ahead does.
            var read = Leads.Find(BsonExpression.Create("$._id IN @0", new BsonArray(ids.Select(id => new BsonValue(id))))).ToDictionary(d => d["_id"].AsString);
            foreach (var id in ids)
            {
                var lead = read[id];
                Leads.Update(LeadDoc(id, "accepted", Owner(round), lead["receivedAt"].AsDateTime));
                Steps.Insert(StepDoc(id, now));
                Outbox.Insert(MessageDoc($"card-update:{id}", "posted-in:emea", sent: false, now));
                Outbox.Insert(MessageDoc($"claimed:{id}", "rep:" + Owner(round), sent: false, now));
            }
            _db.Commit();
        }

        public void Check(IReadOnlyList<string> ids)
        {
            foreach (var id in ids)
            {
                if (Leads.FindById(id)?["state"].AsString != "accepted" || Outbox.FindById($"claimed:{id}") is null || Outbox.FindById($"card-update:{id}") is null
                    || Steps.Count(Query.StartsWith("_id", id + "|")) != 2) // the store's steps are found by their id's prefix too
                    throw new InvalidOperationException($"LiteDB lost part of the claim of {id}");
            }
        }

        private static BsonDocument LeadDoc(string id, string state, string? owner, DateTime receivedAt) => new()
        {
            ["_id"] = id,
            ["key"] = "hubspot|" + id,
            ["state"] = state,
            ["team"] = "emea",
            ["owner"] = owner is null ? BsonValue.Null : owner,
            ["openOwner"] = owner is null ? BsonValue.Null : owner,
            ["waitingSince"] = owner is null ? receivedAt : BsonValue.Null,
            ["waitingKey"] = owner is null ? Lane("emea", receivedAt.Ticks) : BsonValue.Null,
            ["offeredTo"] = BsonValue.Null,
            ["receivedAt"] = receivedAt,
            ["version"] = owner is null ? 3 : 4,
            ["json"] = LeadJson,
        };

        private static BsonDocument StepDoc(string leadId, DateTime at) => new()
        {
            ["_id"] = leadId + "|" + ObjectId.NewObjectId(),
            ["leadId"] = leadId,
            ["at"] = at,
            ["events"] = new BsonArray(new BsonValue(StepJson)),
        };

        private static BsonDocument MessageDoc(string id, string audience, bool sent, DateTime at) => new()
        {
            ["_id"] = id,
            ["status"] = sent ? "Sent" : "Pending",
            ["audience"] = audience,
            ["dueAt"] = at,
            ["lane"] = sent ? BsonValue.Null : Lane(audience, at.Ticks),
            ["json"] = MessageJson,
        };

        public void Dispose() => _db.Dispose();
    }

    private sealed class SqliteClaims(string file) : IClaimWriter
    {
        private readonly SqliteConnection _db = Open(file);

        public string Name => "SQLite";

        private static SqliteConnection Open(string file)
        {
            var db = new SqliteConnection($"Data Source={file};Pooling=False");
            db.Open();
            Execute(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            return db;
        }

        public void Seed(int leads)
        {
            Execute(_db, """
                CREATE TABLE leads (id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, state TEXT NOT NULL, team TEXT, owner TEXT, open_owner TEXT,
                    waiting_key TEXT, received_at INTEGER NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL);
                CREATE INDEX leads_state_id ON leads (state, id);
                CREATE INDEX leads_received ON leads (received_at);
                CREATE INDEX leads_open_owner ON leads (open_owner) WHERE open_owner IS NOT NULL;
                CREATE INDEX leads_waiting ON leads (waiting_key) WHERE waiting_key IS NOT NULL;
                CREATE TABLE steps (id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, at INTEGER NOT NULL, events TEXT NOT NULL);
                CREATE TABLE outbox (id TEXT PRIMARY KEY, status TEXT NOT NULL, audience TEXT NOT NULL, due_at INTEGER NOT NULL, lane TEXT, json TEXT NOT NULL);
                CREATE INDEX outbox_lane ON outbox (lane) WHERE lane IS NOT NULL;
                CREATE INDEX outbox_failed ON outbox (status) WHERE status = 'Failed';
                """);
            var at = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc).Ticks;
            using var tx = _db.BeginTransaction();
            using var lead = Command(tx, "INSERT INTO leads VALUES ($id, 'hubspot|' || $id, 'offered', 'emea', NULL, NULL, $waiting, $at, 3, $json)", "$id", "$waiting", "$at", "$json");
            using var step = Command(tx, "INSERT INTO steps VALUES ($id, $lead, $at, $events)", "$id", "$lead", "$at", "$events");
            using var message = Command(tx, "INSERT INTO outbox VALUES ($id, 'Sent', 'posted-in:emea', $at, NULL, $json)", "$id", "$at", "$json");
            for (var i = 0; i < leads; i++)
            {
                var t = at + i * TimeSpan.TicksPerSecond;
                Run(lead, Lead(i), Lane("emea", t), t, LeadJson);
                Run(step, $"{Lead(i)}|{i:D24}", Lead(i), t, StepJson);
                Run(message, $"announce:{Lead(i)}", t, MessageJson);
            }
            tx.Commit();
        }

        private long _steps;

        public void Claim(IReadOnlyList<string> ids, int round)
        {
            var now = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc).AddSeconds(round).Ticks;
            using var tx = _db.BeginTransaction();
            // Prepared once per group, as a store would keep them for its connection.
            using var read = Command(tx, "SELECT version FROM leads WHERE id = $id", "$id");
            using var update = Command(tx, "UPDATE leads SET state = 'accepted', owner = $owner, open_owner = $owner, waiting_key = NULL, version = version + 1, json = $json WHERE id = $id AND version = $version",
                "$owner", "$json", "$id", "$version");
            using var step = Command(tx, "INSERT INTO steps VALUES ($id, $lead, $at, $events)", "$id", "$lead", "$at", "$events");
            using var message = Command(tx, "INSERT INTO outbox VALUES ($id, 'Pending', $audience, $at, $lane, $json)", "$id", "$audience", "$at", "$lane", "$json");
            foreach (var id in ids)
            {
                long version;
                read.Parameters[0].Value = id;
                using (var r = read.ExecuteReader())
                {
                    if (!r.Read()) throw new InvalidOperationException($"no lead {id}");
                    version = r.GetInt64(0);
                }
                if (Run(update, Owner(round), LeadJson, id, version) != 1) throw new InvalidOperationException($"lead {id} changed");
                Run(step, $"{id}|{++_steps + 1_000_000_000:D24}", id, now, StepJson);
                Run(message, $"card-update:{id}", "posted-in:emea", now, Lane("posted-in:emea", now), MessageJson);
                Run(message, $"claimed:{id}", "rep:" + Owner(round), now, Lane("rep:" + Owner(round), now), MessageJson);
            }
            tx.Commit();
        }

        public void Check(IReadOnlyList<string> ids)
        {
            using var check = new SqliteCommand("""
                SELECT (SELECT state FROM leads WHERE id = $id) = 'accepted'
                   AND (SELECT count(*) FROM outbox WHERE id IN ('claimed:' || $id, 'card-update:' || $id)) = 2
                   AND (SELECT count(*) FROM steps WHERE id BETWEEN $id || '|' AND $id || '|~') = 2
                """, _db);
            check.Parameters.Add("$id", SqliteType.Text);
            foreach (var id in ids)
            {
                check.Parameters[0].Value = id;
                if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) != 1) throw new InvalidOperationException($"SQLite lost part of the claim of {id}");
            }
        }

        private static SqliteCommand Command(SqliteTransaction tx, string sql, params string[] parameters)
        {
            var command = new SqliteCommand(sql, tx.Connection, tx);
            foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
            command.Prepare();
            return command;
        }

        private static int Run(SqliteCommand command, params object[] values)
        {
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
            return command.ExecuteNonQuery();
        }

        private static void Execute(SqliteConnection db, string sql)
        {
            using var command = new SqliteCommand(sql, db);
            command.ExecuteNonQuery();
        }

        public void Dispose() => _db.Dispose();
    }
}
