using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// Each lead document lists the outbox messages written with it ("outboxIds"), so a step on that lead knows which of its
/// new messages cannot exist yet and inserts them without looking first. A claim enqueues two messages, and each lookup
/// was a walk of the outbox's primary key (21 µs and 22 KB for an absent id, <c>litedb-ops</c>): two of a claim's twelve
/// index walks under the write gate.
/// <para>
/// The list is a hint, never the only guard. It is kept only by lead writes (intake's insert, versioned updates); a lead
/// written otherwise (erasure, a layout step, a file from before) has none, and its messages are looked up as before. A
/// message of the lead written another way (Append, Enqueue) is not on it: inserting that id again fails on the primary
/// key, LiteDB rolls the group back, the id is remembered here, and the group's members run again alone, now looking it up.
/// </para>
/// </summary>
public sealed partial class LiteDbLeadStore
{
    private const string OutboxIdsField = "outboxIds";

    /// <summary>A lead with more messages than this stops keeping its list (escalation ids carry a time; the list must stay small).</summary>
    internal const int MaxKnownMessages = 32;

    /// <summary>Ids whose insert found them present after all (see above): looked up from now on. Bounded.</summary>
    private readonly HashSet<string> _lookUp = new(StringComparer.Ordinal);

    private const int MaxLookUp = 10_000;

    /// <summary>How a message id is listed on its lead's document: without the lead's id, which every one of them carries.</summary>
    private static string Listed(string messageId, string leadId) =>
        leadId.Length == 0 ? messageId : messageId.Replace(leadId, "", StringComparison.Ordinal);

    private static string[]? OutboxIdsOf(BsonDocument lead) =>
        lead.TryGetValue(OutboxIdsField, out var ids) && ids.IsArray ? [.. ids.AsArray.Select(v => v.AsString)] : null;

    /// <summary>
    /// The list the lead's document gets when <paramref name="messages"/> are written with it: <paramref name="before"/>
    /// (null: not known) and the messages of that lead; null once it would pass <see cref="MaxKnownMessages"/>.
    /// </summary>
    private static string[]? ListedAfter(string[]? before, string leadId, IEnumerable<OutboxMessage>? messages)
    {
        if (before is null) return null;
        var after = before.Union((messages ?? []).Where(m => m.LeadId == leadId).Select(m => Listed(m.Id, leadId)), StringComparer.Ordinal).ToArray();
        return after.Length <= MaxKnownMessages ? after : null;
    }

    private static void ListOutboxIds(BsonDocument lead, string[]? outboxIds)
    {
        if (outboxIds is not null) lead[OutboxIdsField] = new BsonArray(outboxIds.Select(id => new BsonValue(id)));
    }

    /// <summary>Whether the lead's list says <paramref name="m"/> cannot exist yet (and no insert has found otherwise).</summary>
    private bool KnownAbsent(OutboxMessage m, string leadId, string[]? listed) =>
        listed is not null && m.LeadId == leadId && !listed.Contains(Listed(m.Id, leadId), StringComparer.Ordinal) && !_lookUp.Contains(m.Id);

    /// <summary>Inserts a message believed absent; if it was there after all, remembers to look it up and lets the group fail.</summary>
    private void InsertBelievedAbsent(BsonDocument message)
    {
        try { _outbox.Insert(message); }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            if (_lookUp.Count >= MaxLookUp) _lookUp.Clear();
            _lookUp.Add(message["_id"].AsString);
            throw;
        }
    }
}
