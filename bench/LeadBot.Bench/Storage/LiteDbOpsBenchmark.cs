using System.Diagnostics;
using System.Globalization;
using LiteDB;

namespace LeadBot.Bench.Storage;

/// <summary>
/// What LiteDB itself charges per operation, on a file shaped like the bot's outbox (direct mode, a primary key and one
/// secondary index, documents of the bot's size), in transactions of one group's size: the floor under a claim's turn of
/// the write gate, which is some ten of these. The baseline, in the same run, is an insert into a collection with only
/// its primary key. Time and bytes allocated per operation; the commit is timed apart from the operations it commits.
/// </summary>
public static class LiteDbOpsBenchmark
{
    public static Task RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var (documents, group, rounds) = (Arg(0, 20_000), Arg(1, 100), Arg(2, 5));
        Console.WriteLine($"litedb-ops: {documents:N0} documents, transactions of {group}, median of {rounds} rounds after one warm-up; {Environment.ProcessorCount} cores");
        var dir = Directory.CreateTempSubdirectory("leadbot-litedb-ops");
        try
        {
            using var db = new LiteDatabase($"Filename={Path.Combine(dir.FullName, "ops.db")};Connection=direct");
            var outbox = db.GetCollection("outbox");
            var plain = db.GetCollection("plain");
            outbox.EnsureIndex("lane");
            var next = 0L;
            db.BeginTrans();
            outbox.InsertBulk(Enumerable.Range(0, documents).Select(i => Message($"card-update:LEAD-{i:D8}", ref next)));
            plain.InsertBulk(Enumerable.Range(0, documents).Select(i => Message($"card-update:LEAD-{i:D8}", ref next)));
            db.Commit();

            var fresh = documents;
            var results = new Dictionary<string, List<(double Micros, double Bytes)>>();
            void Add(string name, (double, double) r) => (results.TryGetValue(name, out var l) ? l : results[name] = []).Add(r);
            for (var round = 0; round <= rounds; round++)
            {
                var present = Enumerable.Range(0, group).Select(_ => new BsonValue($"card-update:LEAD-{Random.Shared.Next(documents):D8}")).ToList();
                // Ids nothing inserts, in either collection.
                var absent = Enumerable.Range(0, group).Select(i => new BsonValue($"absent:LEAD-{round:D3}-{i:D8}")).ToList();
                var timings = new List<(string, (double, double))>
                {
                    // The inserts run once per key given, each with a fresh id of its own.
                    ("insert, primary key only (baseline)", Time(db, present, _ => plain.Insert(Message($"claimed:LEAD-{fresh++:D8}", ref next)), out _)),
                    ("insert, primary key and lane", Time(db, present, _ => outbox.Insert(Message($"claimed:LEAD-{fresh++:D8}", ref next)), out var commit)),
                    ("  commit of those, per document", commit),
                    ("FindById, present", Time(db, present, id => outbox.FindById(id), out _)),
                    ("FindById, absent", Time(db, absent, id => outbox.FindById(id), out _)),
                    ("update moving the lane", Time(db, present, id => outbox.Update(Message(id.AsString, ref next)), out _)),
                };
                var ids = new BsonArray(present);
                var found = 0;
                timings.Add(("_id IN @0, per id", Time(db, [ids], _ => found = outbox.Find(BsonExpression.Create("$._id IN @0", ids)).Count(), out _, group)));
                if (found == 0) throw new InvalidOperationException("the IN query found none of the ids it was given");
                if (round == 0) continue; // warm-up: JIT and the page cache
                foreach (var (name, r) in timings) Add(name, r);
            }
            foreach (var (name, list) in results)
            {
                var micros = list.Select(r => r.Micros).Order().ElementAt(list.Count / 2);
                var bytes = list.Select(r => r.Bytes).Order().ElementAt(list.Count / 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-38} {micros,8:N1} µs  {bytes / 1024,8:N1} KB allocated"));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>Runs <paramref name="op"/> once per key in one transaction; time and bytes per operation (of <paramref name="per"/> when one call covers several), and the commit's time per operation.</summary>
    private static (double Micros, double Bytes) Time(LiteDatabase db, IReadOnlyList<BsonValue> keys, Action<BsonValue> op, out (double Micros, double Bytes) commit, int per = 0)
    {
        var n = per > 0 ? per : keys.Count;
        db.BeginTrans();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        foreach (var k in keys) op(k);
        var elapsed = sw.Elapsed;
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        sw.Restart();
        db.Commit();
        commit = (sw.Elapsed.TotalMicroseconds / n, 0);
        return (elapsed.TotalMicroseconds / n, (double)bytes / n);
    }

    /// <summary>An outbox message's document as the store writes it: its lane orders an audience's messages by time.</summary>
    private static BsonDocument Message(string id, ref long next) => new()
    {
        ["_id"] = id,
        ["status"] = "Pending",
        ["audience"] = "team:T" + (next % 8),
        ["lane"] = "team:T" + (next % 8) + "|" + (638_700_000_000_000_000 + next++).ToString("D19", CultureInfo.InvariantCulture),
        ["json"] = new string('x', 600),
    };
}
