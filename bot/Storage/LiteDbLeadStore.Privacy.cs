using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// Erasure and subject access on the LiteDB file. Rewriting a document leaves its old bytes in free pages (and in the
/// log until a checkpoint), so an erasure is only complete in the file after <see cref="Compact"/>.
/// </summary>
public sealed partial class LiteDbLeadStore : IPersonalDataStore
{
    /// <summary>Leads read per transaction while looking for an email: the gate is let go between pages.</summary>
    private const int PersonPage = 1000;

    public IReadOnlyList<Lead> FindByEmail(string email)
    {
        var wanted = email.Trim();
        // The JSON holds the email escaped ('+' as \u002B): compare the escaped form before reading the lead.
        var escaped = StoreJson.Write(wanted)[1..^1];
        var found = new List<Lead>();
        var last = "";
        while (true)
        {
            var page = Read(() => _leads.Find(P("_id > @0", last), limit: PersonPage).Select(d => (Id: d["_id"].AsString, Json: d["json"].AsString)).ToList());
            if (page.Count == 0) return found;
            found.AddRange(page.Where(d => d.Json.Contains(escaped, StringComparison.OrdinalIgnoreCase))
                .Select(d => StoreJson.Read<Lead>(d.Json))
                .Where(l => l.ErasedAt is null && string.Equals(l.Email?.Trim(), wanted, StringComparison.OrdinalIgnoreCase)));
            last = page[^1].Id;
        }
    }

    public IReadOnlyList<ErasedCounts?> Erase(IReadOnlyList<Erasure> erasures, Redactor redactor) => InTransaction(() =>
    {
        var results = new ErasedCounts?[erasures.Count];
        var erased = new Dictionary<string, int>(StringComparer.Ordinal); // lead id → index in results
        for (var i = 0; i < erasures.Count; i++)
        {
            var lead = erasures[i].Lead;
            var stored = StoredLeadById(lead.Id);
            if (stored is null || stored.Lead.Version != lead.Version - 1) continue;
            var doc = ToDoc(lead);
            _leads.Update(doc);
            Wrote(lead, doc);
            MoveGauges(stored.Gauges, doc);
            var before = History(lead.Id);
            _ = _events.DeleteMany(LiteFilter.Eq("leadId", lead.Id));
            _ = _steps.DeleteMany(P("$._id BETWEEN @0 AND @1 AND $.leadId = @2", StepPrefix(lead.Id), StepPrefix(lead.Id) + char.MaxValue, lead.Id));
            WriteEventsAndOutbox(erasures[i].History, null);
            results[i] = new ErasedCounts(before.Count, RewriteComments(lead.Id, before, redactor), 0, 0);
            erased[lead.Id] = i;
        }
        foreach (var (id, dropped, rewritten) in RewriteOutbox(erased.Keys.ToHashSet(StringComparer.Ordinal), redactor))
        {
            if (id is not null && erased.TryGetValue(id, out var i)) results[i] = results[i]! with { MessagesDropped = dropped, MessagesRewritten = rewritten };
        }
        // Written after the rewrite, so the card update each erasure queues is not dropped with the lead's old messages.
        EnqueueInTransaction([.. erased.Values.SelectMany(i => erasures[i].Outbox)]);
        return (IReadOnlyList<ErasedCounts?>)results;
    });

    /// <summary>Comments are found by the moments of the events that carried them (the collection is indexed by time only).</summary>
    private int RewriteComments(string leadId, IReadOnlyList<LeadEvent> history, Redactor redactor)
    {
        var rewritten = 0;
        foreach (var at in history.Where(e => !string.IsNullOrWhiteSpace(e.Comment)).Select(e => e.At.UtcDateTime).Distinct())
        {
            var docs = _comments.Find(P("at BETWEEN @0 AND @1", at.AddMilliseconds(-1), at.AddMilliseconds(1))).ToList();
            foreach (var doc in docs)
            {
                var comment = StoreJson.Read<LeadComment>(doc["json"].AsString);
                if (comment.LeadId != leadId) continue;
                doc["json"] = StoreJson.Write(redactor.Apply(comment));
                _comments.Update(doc);
                rewritten++;
            }
        }
        return rewritten;
    }

    /// <summary>
    /// One pass over the outbox: the erased leads' pending and parked messages go (nothing is left to tell about them but
    /// the erased card, queued afresh), their sent ones keep their record with the payload scrubbed, and a message of no
    /// lead (a digest) is scrubbed where it quotes the people.
    /// </summary>
    private List<(string? LeadId, int Dropped, int Rewritten)> RewriteOutbox(HashSet<string> leadIds, Redactor redactor)
    {
        var counts = new Dictionary<string, (int Dropped, int Rewritten)>(StringComparer.Ordinal);
        if (leadIds.Count == 0) return [];
        foreach (var doc in _outbox.FindAll().ToList())
        {
            var json = doc["json"].AsString;
            var leadId = LeadIdIn(json);
            var ours = leadId is not null && leadIds.Contains(leadId);
            if (!ours && (leadId is not null || !json.Contains("\"payload\"", StringComparison.Ordinal) || !redactor.Mentions(json))) continue;
            var message = FromDoc(doc);
            var (dropped, rewritten) = ours ? counts.GetValueOrDefault(leadId!) : (0, 0);
            if (ours && message.Status != OutboxStatus.Sent)
            {
                _outbox.Delete(message.Id);
                WriteGauges(OutboxGaugesOf(doc).Select(g => (g, -1)));
                dropped++;
            }
            else if (redactor.Apply(message) is var scrubbed && scrubbed != message)
            {
                UpdateOutbox(doc, scrubbed);
                rewritten++;
            }
            if (ours) counts[leadId!] = (dropped, rewritten);
        }
        return [.. counts.Select(c => ((string?)c.Key, c.Value.Dropped, c.Value.Rewritten))];
    }

    /// <summary>The message's lead id read from its JSON without parsing it: most messages belong to other leads.</summary>
    private static string? LeadIdIn(string json)
    {
        const string Field = "\"leadId\":\"";
        var start = json.IndexOf(Field, StringComparison.Ordinal);
        if (start < 0) return null;
        start += Field.Length;
        var end = json.IndexOf('"', start);
        return end < 0 ? null : json[start..end];
    }

    /// <remarks>
    /// LiteDB's rebuild copies the live documents into a fresh file and keeps the old one beside it as "-backup"; that
    /// copy still holds every erased value, so it is deleted once the rebuild has succeeded.
    /// </remarks>
    public void Compact()
    {
        lock (_gate)
        {
            _db.Checkpoint();
            _db.Rebuild();
            var folder = Path.GetDirectoryName(File)!;
            foreach (var backup in Directory.EnumerateFiles(folder, Path.GetFileNameWithoutExtension(File) + "-backup*"))
                System.IO.File.Delete(backup);
        }
    }
}
