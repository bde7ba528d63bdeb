using LeadBot.Leads;
using Npgsql;

namespace LeadBot.Storage.Postgres;

/// <summary>
/// Erasure and subject access on PostgreSQL. An UPDATE or DELETE leaves the old row version in the table's pages until
/// VACUUM makes the space reusable and new rows overwrite it; only VACUUM FULL rewrites the tables without them
/// (<see cref="Compact"/>). WAL segments and backups keep them until they are recycled (docs/privacy.md).
/// </summary>
public sealed partial class PostgresLeadStore : IPersonalDataStore
{
    /// <summary>Emails are not indexed (see <see cref="IPersonalDataStore.FindByEmail"/>): a sequential scan, rare by nature.</summary>
    public IReadOnlyList<Lead> FindByEmail(string email) => Read(c =>
        c.Query("SELECT json FROM leads WHERE lower(trim(json->>'email')) = @email AND json->>'erasedAt' IS NULL ORDER BY id",
            ("email", email.Trim().ToLowerInvariant())).Select(StoreJson.Read<Lead>).ToList());

    public IReadOnlyList<ErasedCounts?> Erase(IReadOnlyList<Erasure> erasures, Redactor redactor) => Write(c =>
    {
        var results = new ErasedCounts?[erasures.Count];
        var erased = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < erasures.Count; i++)
        {
            var lead = erasures[i].Lead;
            var updated = c.Execute("""
                UPDATE leads SET key = @key, state = @state, team = @team, owner = @owner, offered_to = @offered_to,
                                 version = @version, json = @json::json, waiting_since = @waiting_since::timestamptz
                WHERE id = @id AND version = @previous
                """,
                ("id", lead.Id), ("key", lead.Key), ("state", lead.State.Name()), ("team", lead.Team), ("owner", OwnerColumn(lead)),
                ("offered_to", lead.OfferedTo?.ToLowerInvariant()), ("version", lead.Version), ("json", StoreJson.Write(lead)),
                ("previous", lead.Version - 1), ("waiting_since", WaitingSince(lead)));
            if (updated != 1) continue;
            var events = c.Execute("DELETE FROM events WHERE lead_id = @id", ("id", lead.Id));
            WriteEventsAndOutbox(c, erasures[i].History, []);
            results[i] = new ErasedCounts(events, RewriteComments(c, lead.Id, redactor), 0, 0);
            erased[lead.Id] = i;
        }
        if (erased.Count == 0) return (IReadOnlyList<ErasedCounts?>)results;
        foreach (var (id, dropped, rewritten) in RewriteOutbox(c, [.. erased.Keys], redactor))
            results[erased[id]] = results[erased[id]]! with { MessagesDropped = dropped, MessagesRewritten = rewritten };
        // After the rewrite, so the card update each erasure queues is not dropped with the lead's old messages.
        c.ExecuteAll(EnqueueStatements([.. erased.Values.SelectMany(i => erasures[i].Outbox)]));
        return results;
    });

    private static int RewriteComments(NpgsqlConnection c, string leadId, Redactor redactor)
    {
        var rows = new List<(long Seq, string Json)>();
        using (var cmd = new NpgsqlCommand("SELECT seq, json FROM comments WHERE json->>'leadId' = @id", c))
        {
            cmd.Parameters.AddWithValue("id", leadId);
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows.Add((r.GetInt64(0), r.GetString(1)));
        }
        foreach (var (seq, json) in rows)
            c.Execute("UPDATE comments SET json = @json::json WHERE seq = @seq", ("seq", seq), ("json", StoreJson.Write(redactor.Apply(StoreJson.Read<LeadComment>(json)))));
        return rows.Count;
    }

    /// <summary>Same rules as LiteDB: the leads' unsent messages go, sent ones and other leads' digests are scrubbed.</summary>
    private static List<(string LeadId, int Dropped, int Rewritten)> RewriteOutbox(NpgsqlConnection c, string[] leadIds, Redactor redactor)
    {
        var messages = c.Query("""
            SELECT json FROM outbox
            WHERE json->>'leadId' = ANY(@ids) OR (json->>'leadId' IS NULL AND json->>'payload' IS NOT NULL)
            """, ("ids", leadIds)).Select(StoreJson.Read<OutboxMessage>).ToList();
        var drop = messages.Where(m => m.LeadId is not null && m.Status != OutboxStatus.Sent).ToList();
        var scrub = messages.Except(drop).Select(m => (Before: m, After: redactor.Apply(m))).Where(p => p.After != p.Before).ToList();
        if (drop.Count > 0) c.Execute("DELETE FROM outbox WHERE id = ANY(@ids)", ("ids", drop.Select(m => m.Id).ToArray()));
        if (scrub.Count > 0) UpdateOutbox(c, [.. scrub.Select(p => p.After)]);
        return [.. leadIds.Select(id => (id, drop.Count(m => m.LeadId == id), scrub.Count(p => p.Before.LeadId == id)))];
    }

    /// <summary>The tables that can hold a person's values: leads, their history, report comments, message payloads.</summary>
    private static readonly string[] PersonalTables = ["leads", "events", "comments", "outbox"];

    /// <summary>
    /// VACUUM cannot run inside a transaction, and FULL takes an exclusive lock on each table while it rewrites it: every
    /// instance waits for it, which is why it runs on the privacy schedule, not on each erasure.
    /// </summary>
    public void Compact() => WithRetries(() =>
    {
        EnsureSchema();
        using var c = _db.OpenConnection();
        foreach (var table in PersonalTables) c.Execute($"VACUUM FULL {table}");
        return true;
    });
}
