using Npgsql;

namespace LeadBot.Storage.Postgres;

public sealed partial class PostgresLeadStore
{
    public void Enqueue(IReadOnlyList<OutboxMessage> messages) =>
        Write(c => c.ExecuteAll(EnqueueStatements(messages)));

    private static List<Statement> EnqueueStatements(IReadOnlyList<OutboxMessage> messages)
    {
        // Same outcome as enqueueing one by one: the first of a repeated id counts, except that the last card update wins.
        var once = messages.Where(m => !m.Coalesces).DistinctBy(m => m.Id).ToList();
        var coalescing = messages.Where(m => m.Coalesces).Reverse().DistinctBy(m => m.Id)
            .Select(m => m with { Status = OutboxStatus.Pending, LeaseOwner = null, LeaseUntil = null }).ToList();
        var statements = new List<Statement>();
        if (once.Count > 0) statements.Add(new(InsertOutbox + " ON CONFLICT (id) DO NOTHING", OutboxColumns(once)));
        // A newer card update replaces the pending one and drops any lease, so a send already in flight cannot
        // mark it done: the latest state is rendered again.
        if (coalescing.Count > 0)
        {
            statements.Add(new(InsertOutbox + """
                 ON CONFLICT (id) DO UPDATE SET status = excluded.status, audience = excluded.audience, due_at = excluded.due_at, created_at = excluded.created_at,
                    lease_owner = NULL, lease_until = NULL, json = excluded.json
                """, OutboxColumns(coalescing)));
        }
        return statements;
    }

    private const string InsertOutbox = """
        INSERT INTO outbox (id, status, audience, due_at, created_at, lease_owner, lease_until, json)
        SELECT id, status, audience, due_at, created_at, lease_owner, lease_until, json::json
        FROM unnest(@id, @status, @audience, @due_at, @created_at, @lease_owner, @lease_until, @json)
             AS o(id, status, audience, due_at, created_at, lease_owner, lease_until, json)
        ORDER BY id
        """;

    public IReadOnlyList<OutboxMessage> TakeDue(DateTimeOffset now, int max, string worker, TimeSpan lease) =>
        TakeDue(now, max, worker, lease, null);

    /// <param name="skipAudiences">Audiences the caller has enough of in hand: their messages stay in the store for later.</param>
    /// <param name="perAudience">At most this many of one audience (a busy channel's burst must not crowd out the others).</param>
    /// <param name="onlyAudiences">When given, messages of these audiences alone (those just enqueued for).</param>
    public IReadOnlyList<OutboxMessage> TakeDue(DateTimeOffset now, int max, string worker, TimeSpan lease, IReadOnlyCollection<string>? skipAudiences, int perAudience = int.MaxValue,
        IReadOnlySet<string>? onlyAudiences = null) => Write(c =>
    {
        // SKIP LOCKED: a dispatcher on another instance taking at the same moment gets the next rows instead of
        // waiting for these; the lease keeps them from being taken again once this transaction commits. The audiences
        // are walked on the pending-by-audience index one step each (a loose index scan: PostgreSQL has no skip scan),
        // and each gives its oldest few: a busy channel's backlog of thousands is never read to find a quiet one's message.
        var due = c.Query("""
                WITH RECURSIVE audiences(audience) AS (
                    (SELECT audience FROM outbox WHERE status = 'Pending' ORDER BY audience LIMIT 1)
                    UNION ALL
                    SELECT (SELECT o.audience FROM outbox o WHERE o.status = 'Pending' AND o.audience > a.audience ORDER BY o.audience LIMIT 1)
                    FROM audiences a WHERE a.audience IS NOT NULL
                ), chosen(audience) AS (
                    -- the audiences just enqueued for, when given, instead of the walk (a one-time filter skips it)
                    SELECT audience FROM audiences WHERE NOT @onlySome
                    UNION ALL
                    SELECT unnest(@only::text[]) WHERE @onlySome
                ), candidates AS (
                    SELECT m.id, m.due_at FROM chosen a
                    CROSS JOIN LATERAL (
                        SELECT id, due_at FROM outbox
                        WHERE status = 'Pending' AND audience = a.audience AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
                        ORDER BY due_at, id
                        LIMIT @per) m
                    WHERE a.audience IS NOT NULL AND NOT (a.audience = ANY(@skip))
                    ORDER BY m.due_at, m.id
                    LIMIT @max
                )
                SELECT json FROM outbox
                WHERE id IN (SELECT id FROM candidates)
                  AND status = 'Pending' AND (lease_until IS NULL OR lease_until <= @now)
                ORDER BY due_at, id
                FOR UPDATE SKIP LOCKED
                """, ("now", now.ToUniversalTime()), ("max", max), ("skip", skipAudiences?.ToArray() ?? []), ("per", (long)Math.Min(perAudience, max)),
                ("onlySome", onlyAudiences is not null), ("only", onlyAudiences?.ToArray() ?? []))
            .Select(StoreJson.Read<OutboxMessage>)
            .Select(m => m with { LeaseOwner = worker, LeaseUntil = now + lease })
            .ToList();
        if (due.Count > 0) UpdateOutbox(c, due);
        return due;
    });

    public void Complete(string messageId, string worker, DateTimeOffset at) => Change(messageId, m =>
        m.LeaseOwner != worker
            ? null // replaced by a newer update while in flight
            : m with { Status = OutboxStatus.Sent, SentAt = at, Attempts = m.Attempts + 1, LeaseOwner = null, LeaseUntil = null });

    public void Reschedule(string messageId, string worker, DateTimeOffset dueAt, string error, bool parkAsFailed) => Change(messageId, m =>
        m.LeaseOwner != worker ? null : m with
        {
            Status = parkAsFailed ? OutboxStatus.Failed : OutboxStatus.Pending,
            DueAt = dueAt,
            Attempts = m.Attempts + 1,
            LastError = error,
            LeaseOwner = null,
            LeaseUntil = null,
        });

    /// <summary>Gives a leased message back without counting an attempt: nobody to send it to yet, throttled, or shutting down.</summary>
    public bool Release(string messageId, string worker, DateTimeOffset dueAt, string? note) => Change(messageId, m =>
        m.LeaseOwner != worker ? null : m with { DueAt = dueAt, LastError = note, LeaseOwner = null, LeaseUntil = null });

    public bool Retry(string messageId, DateTimeOffset now) => Change(messageId, m =>
        m.Status != OutboxStatus.Failed ? null : m with { Status = OutboxStatus.Pending, DueAt = now, Attempts = 0 });

    /// <summary>Reads the message under a row lock and writes what <paramref name="next"/> makes of it (null: leave it).</summary>
    private bool Change(string messageId, Func<OutboxMessage, OutboxMessage?> next) => Write(c =>
    {
        var stored = c.Query("SELECT json FROM outbox WHERE id = @id FOR UPDATE", ("id", messageId)).FirstOrDefault();
        if (stored is null || next(StoreJson.Read<OutboxMessage>(stored)) is not { } changed) return false;
        UpdateOutbox(c, [changed]);
        return true;
    });

    private static void UpdateOutbox(NpgsqlConnection c, IReadOnlyList<OutboxMessage> messages) => c.Execute("""
        UPDATE outbox o SET status = u.status, audience = u.audience, due_at = u.due_at, created_at = u.created_at,
                            lease_owner = u.lease_owner, lease_until = u.lease_until, json = u.json::json
        FROM unnest(@id, @status, @audience, @due_at, @created_at, @lease_owner, @lease_until, @json)
             AS u(id, status, audience, due_at, created_at, lease_owner, lease_until, json)
        WHERE o.id = u.id
        """, OutboxColumns(messages));

    public OutboxStats OutboxStats() => Read(c =>
    {
        using var cmd = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status = 'Pending'), count(*) FILTER (WHERE status = 'Failed'),
                   count(*) FILTER (WHERE status = 'Sent'), min(created_at) FILTER (WHERE status = 'Pending')
            FROM outbox
            """, c);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new OutboxStats((int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2),
            r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3));
    });

    public IReadOnlyList<OutboxMessage> FailedMessages(int max) => Read(c =>
        c.Query("SELECT json FROM outbox WHERE status = 'Failed' ORDER BY due_at, id LIMIT @max", ("max", max))
            .Select(StoreJson.Read<OutboxMessage>).ToList());

    private static (string, object?)[] OutboxColumns(IReadOnlyList<OutboxMessage> messages) =>
    [
        ("id", messages.Select(m => m.Id).ToArray()),
        ("status", messages.Select(m => m.Status.ToString()).ToArray()),
        ("audience", messages.Select(m => m.Audience).ToArray()),
        ("due_at", messages.Select(m => m.DueAt.ToUniversalTime()).ToArray()),
        ("created_at", messages.Select(m => m.CreatedAt.ToUniversalTime()).ToArray()),
        ("lease_owner", messages.Select(m => m.LeaseOwner).ToArray()),
        ("lease_until", messages.Select(m => m.LeaseUntil?.ToUniversalTime()).ToArray()),
        ("json", messages.Select(StoreJson.Write).ToArray()),
    ];
}
